import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSubgraph } from '../src/graphql/schema.js';
import { IntegrationParam, UserEmail } from '../src/graphql/types.js';

describe('schema', () => {
  it('schema.graphql is what the code prints (run `npm run schema` after changing types)', () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(buildSubgraph().sdl).toBe(committed);
  });

  it('decorator metadata is emitted (fields typed only by TypeScript rely on it)', () => {
    expect(Reflect.getMetadata('design:type', UserEmail.prototype, 'email')).toBe(String);
    expect(Reflect.getMetadata('design:type', IntegrationParam.prototype, 'required')).toBe(Boolean);
    const sdl = buildSubgraph().sdl;
    expect(sdl).toMatch(/type UserEmail \{[^}]*email: String!/);
    expect(sdl).toMatch(/required: Boolean!/);
  });

  it('User is a federation entity keyed by id and integratedAccountId, with every unified field', () => {
    const { sdl, schema } = buildSubgraph();
    expect(sdl).toContain('type User @key(fields: "id integratedAccountId")');
    expect(sdl.startsWith('extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])')).toBe(true);
    const user = schema.getType('User') as import('graphql').GraphQLObjectType;
    const fields = Object.keys(user.getFields());
    for (const f of [
      'id', 'integratedAccountId', 'externalId', 'identifiers', 'firstName', 'lastName', 'title', 'name', 'username', 'emails', 'phones',
      'status', 'rawStatus', 'isEmailVerified', 'is2faEnabled', 'roles', 'organizations', 'userType', 'licenses', 'groups', 'workspaces',
      'avatar', 'timezone', 'languages', 'bio', 'createdAt', 'updatedAt', 'lastActiveAt', 'lastLoginAt', 'statusChangedAt', 'activatedAt',
      'urls', 'remoteData',
    ]) {
      expect(fields).toContain(f);
    }
    expect(String(user.getFields().createdAt!.type)).toBe('DateTime');
    expect(sdl).toMatch(/enum UserStatus \{\s+ACTIVE\s+INACTIVE\s+DELETED\s+INVITED\s+\}/);
    expect(sdl).toContain('deleteUser(');
    const del = schema.getMutationType()!.getFields().deleteUser!;
    expect(del.args.map((a) => `${a.name}: ${String(a.type)}`)).toEqual(['id: ID!', 'integratedAccountId: ID!', 'input: DeleteUserInput']);
    expect(String(del.type)).toBe('User!');
    expect(schema.getQueryType()!.getFields()._entities).toBeDefined();
    expect(schema.getQueryType()!.getFields()._service).toBeDefined();
  });

  it('DeleteUserInput carries every integration param, the extension params, remoteQuery and dryRun', () => {
    const { schema } = buildSubgraph();
    const input = schema.getType('DeleteUserInput') as import('graphql').GraphQLInputObjectType;
    expect(Object.keys(input.getFields()).sort()).toEqual(
      ['dryRun', 'emails', 'groupId', 'groups', 'irreversiblyEraseUserData', 'organizationId', 'permanent', 'remoteQuery', 'removeFrom', 'removeFromId', 'workspace', 'workspaceId'].sort(),
    );
    expect(String(input.getFields().removeFrom!.type)).toBe('RemoveFrom');
  });
});
