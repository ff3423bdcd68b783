import { describe, expect, it } from 'vitest';
import { literal, path } from './path.js';

describe('path template tag', () => {
  it('encodes every interpolated value as one segment', () => {
    expect(path`/users/${'a/b'}`.value).toBe('/users/a%2Fb');
    expect(path`/users/${'../admin'}`.value).toBe('/users/..%2Fadmin');
    expect(path`/users/${'x?y=1#z'}`.value).toBe('/users/x%3Fy%3D1%23z');
    expect(path`/users/${'a\r\nHost: evil'}`.value).toBe('/users/a%0D%0AHost%3A%20evil');
    expect(path`/users/${'%2e%2e'}`.value).toBe('/users/%252e%252e');
    expect(path`/orgs/${'acme'}/members/${42}`.value).toBe('/orgs/acme/members/42');
  });

  it('refuses an empty segment and dot-only segments (URL parsers resolve %2E%2E as ..)', () => {
    expect(() => path`/users/${''}`).toThrow(/empty/);
    expect(() => path`/users/${'..'}`).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => path`/users/${'.'}`).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => path`/users/${'...'}`).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(new URL(`http://x${path`/a/${'..x'}`.value}`).pathname).toBe('/a/..x');
  });

  it('only takes safe literals', () => {
    expect(literal('/users.info').value).toBe('/users.info');
    expect(() => literal('users')).toThrow();
    expect(() => literal('/a/../b')).toThrow();
    expect(() => literal('/a?b')).toThrow();
  });
});
