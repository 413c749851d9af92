import visitor from './visitor';

export default { visitor };
