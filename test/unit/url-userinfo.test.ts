import { createOciClient } from '../../src/oci/client';
import { userinfoProblem, withoutUserinfo } from '../../src/url-userinfo';

describe('URLs shown without userinfo', () => {
  it.each([
    ['http://u:p@bw.example.test:8080/ws', 'http://bw.example.test:8080/ws'],
    ['https://only-user@bw.example.test/ws', 'https://bw.example.test/ws'],
    ['tls://u:p@bw.example.test:2209', 'tls://bw.example.test:2209'],
    ['redis://:pw@cache:6380/2', 'redis://cache:6380/2'],
    ['not a url://u:p@x', 'not a url://u:p@x'],
    ['bad://u:p@[', 'bad://['],
  ])('%s is shown as %s', (given, shown) => {
    expect(withoutUserinfo(given)).toBe(shown);
  });

  it('leaves a URL without userinfo exactly as written', () => {
    for (const url of ['http://bw.example.test:8080/ws', 'tcp://bw:2208', 'https://h/p?q=1#f'])
      expect(withoutUserinfo(url)).toBe(url);
  });

  it('names the settings credentials belong in, without echoing them', () => {
    const problem = userinfoProblem('http://gw:hunter2@bw.example.test/ws')!;
    expect(problem).toContain('OCI_USERNAME and OCI_PASSWORD');
    expect(problem).not.toContain('hunter2');
    expect(userinfoProblem('http://bw.example.test/ws')).toBeUndefined();
  });

  it('the OCI client names its backends without userinfo (metrics labels, logs, readiness)', async () => {
    const oci = createOciClient({
      urls: ['http://gw:hunter2@127.0.0.1:1/ws'],
      username: 'admin',
      password: 'admin-password',
      login: '14sp4',
      allowPlainPasswordOverHttp: false,
      sessions: 1,
      timeoutMs: 1000,
      breakerResetMs: 1000,
      queueMax: 1,
      sessionMaxAgeMs: 60_000,
      keepAliveMs: 60_000,
      connectTimeoutMs: 100,
    });
    try {
      expect(oci.stats().backends.map((b) => b.url)).toEqual(['http://127.0.0.1:1/ws']);
    } finally {
      await oci.close();
    }
  });
});
