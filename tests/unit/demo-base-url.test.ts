import { demoBaseUrl } from '../../src/demo/base-url';

/** The demo's banner and mail links: PUBLIC_URL, else the address actually bound (never a "localhost" the studio did not choose). */
describe('demoBaseUrl', () => {
  it.each([
    [{ publicUrl: 'https://photos.example.com/', host: '127.0.0.1', port: 1337 }, 'https://photos.example.com'],
    [{ publicUrl: '', host: '127.0.0.1', port: 1337 }, 'http://127.0.0.1:1337'],
    [{ publicUrl: null, host: '192.168.1.20', port: 8080 }, 'http://192.168.1.20:8080'],
    [{ host: '0.0.0.0', port: 1337 }, 'http://localhost:1337'],
    [{ host: '::', port: 1337 }, 'http://localhost:1337'],
    [{ host: '::1', port: 1337 }, 'http://[::1]:1337'],
    [{ host: 'studio.lan', port: 1337 }, 'http://studio.lan:1337'],
    [{ host: '', port: 1337 }, 'http://localhost:1337'],
  ])('%j → %s', (input, expected) => {
    expect(demoBaseUrl(input)).toBe(expected);
  });
});
