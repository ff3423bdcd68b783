import { describe, expect, it } from 'vitest';
import { getEntry } from '../providers/registry.js';
import { checkRemoteQuery, checkUserId, validateParams } from './validate.js';

const entry = (slug: string) => getEntry(slug)!;

function err(fn: () => unknown): { code: string; message: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (e) {
    return e as never;
  }
  throw new Error('expected an error');
}

describe('deleteUser param validation', () => {
  it('names missing required params and the integration, in GraphQL or REST naming', () => {
    const g = err(() => validateParams(entry('asana'), {}, 'graphql'));
    expect(g).toMatchObject({ code: 'BAD_USER_INPUT', details: { integration: 'asana', params: ['removeFrom', 'removeFromId'] } });
    expect(g.message).toBe('Asana requires removeFrom, removeFromId');
    const r = err(() => validateParams(entry('asana'), {}, 'rest'));
    expect(r.message).toBe('Asana requires remove_from, remove_from_id');
  });

  it('rejects params the integration does not support, listing what it accepts', () => {
    const e = err(() => validateParams(entry('github'), { organizationId: 'acme', workspaceId: 'w' }, 'graphql'));
    expect(e.details.params).toEqual(['workspaceId']);
    expect(e.message).toBe('GitHub does not support workspaceId; it accepts organizationId');
    expect(err(() => validateParams(entry('okta'), { permanent: false }, 'rest')).message).toBe('Okta does not support permanent; it takes no params');
  });

  it('enforces "exactly one of" rules (GitLab, Vercel)', () => {
    expect(err(() => validateParams(entry('gitlab'), {}, 'graphql')).message).toMatch(/GitLab needs exactly one of organizationId, workspaceId/);
    expect(err(() => validateParams(entry('gitlab'), { organizationId: '1', workspaceId: '2' }, 'graphql')).details.params).toEqual(['organizationId', 'workspaceId']);
    expect(validateParams(entry('gitlab'), { workspaceId: '2' }, 'graphql')).toEqual({ workspaceId: '2' });
    expect(err(() => validateParams(entry('vercel'), { groups: [] }, 'rest')).message).toMatch(/Vercel needs exactly one of groups, workspace/);
    expect(validateParams(entry('vercel'), { groups: [{ id: 'team_1' }] }, 'graphql')).toEqual({ groups: [{ id: 'team_1' }] });
  });

  it('checks value shapes', () => {
    expect(err(() => validateParams(entry('github'), { organizationId: '  ' }, 'graphql')).message).toMatch(/organizationId must be a non-empty string/);
    expect(err(() => validateParams(entry('github'), { organizationId: 'a\nb' }, 'graphql')).message).toMatch(/control character/);
    expect(err(() => validateParams(entry('browserstack'), { emails: ['not-an-email'] }, 'rest')).message).toMatch(/emails must be a list/);
    expect(validateParams(entry('browserstack'), { emails: ['a@b.co'] }, 'rest')).toEqual({ emails: ['a@b.co'] });
    expect(err(() => validateParams(entry('teamviewer'), { permanent: 'yes' }, 'rest')).message).toMatch(/permanent must be true or false/);
    expect(err(() => validateParams(entry('asana'), { removeFrom: 'team', removeFromId: '1' }, 'rest')).message).toMatch(/remove_from must be group or organization/);
    expect(validateParams(entry('asana'), { removeFrom: 'group', removeFromId: '1' }, 'rest')).toEqual({ removeFrom: 'GROUP', removeFromId: '1' });
  });

  it('checks the user id', () => {
    expect(checkUserId('abc', 'graphql')).toBe('abc');
    expect(err(() => checkUserId('', 'graphql')).message).toBe('id must not be empty');
    expect(err(() => checkUserId('x'.repeat(257), 'rest')).message).toMatch(/longer than 256/);
    expect(err(() => checkUserId('a\u0000b', 'graphql')).message).toMatch(/control character/);
    expect(err(() => checkUserId('..', 'graphql')).message).toMatch(/only of dots/);
    expect(err(() => checkUserId('.', 'rest')).message).toMatch(/only of dots/);
    expect(checkUserId('..x', 'graphql')).toBe('..x');
  });

  it('checks remote query shape', () => {
    expect(checkRemoteQuery({ a: 'b', n: { c: ['1', 2] } }, 'graphql')).toEqual({ a: 'b', n: { c: ['1', 2] } });
    expect(checkRemoteQuery(undefined, 'graphql')).toBeUndefined();
    expect(err(() => checkRemoteQuery(['x'], 'rest')).message).toMatch(/remote_query must be an object/);
    expect(err(() => checkRemoteQuery({ a: { b: { c: { d: { e: { f: 1 } } } } } }, 'graphql')).message).toMatch(/nested too deeply/);
  });
});
