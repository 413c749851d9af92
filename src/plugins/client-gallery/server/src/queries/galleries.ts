/** A gallery's proofing options: read for the admin, and copied by a duplicate. */
export const PROOFING_FIELDS = [
  'selectionAllowed',
  'selectionMin',
  'selectionMax',
  'commentsAllowed',
  'reviewEnabled',
  'filtersEnabled',
  'remindersEnabled',
  'reminderDays',
];
