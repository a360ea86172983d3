import { afterEach, describe, expect, it, vi } from 'vitest';
import { routeTestApp, type RouteTestApp } from '../../../test/helpers/routes.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { AdminService } from './service.ts';
import type { AuditService } from '../audit/index.ts';
import { adminRoutes } from './routes.ts';
import { testConfig } from '../../../test/helpers/app.ts';

/** Admin pages on stub services: what each page shows and which service call each form makes. */
describe('admin routes', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  const organisations = [{ id: '00000000-0000-4000-8000-0000000000aa', name: 'A Police', kind: 'police' }];
  const stubs = () => ({
    admin: {
      organisations: vi.fn(async () => organisations),
      addOrganisation: vi.fn(async () => 'new-id'),
      members: vi.fn(async () => ({ rows: [], total: 0 })),
      pendingInvitations: vi.fn(async () => []),
      member: vi.fn(async () => undefined),
    },
    audit: { actions: vi.fn(async () => ['user.invited']), list: vi.fn(async () => ({ rows: [], total: 0 })) },
  });
  const build = async (s: ReturnType<typeof stubs>, role: 'administrator' | 'viewer' = 'administrator') =>
    routeTestApp({
      role,
      routes: adminRoutes({
        admin: s.admin as unknown as AdminService,
        audit: s.audit as unknown as AuditService,
        config: testConfig(),
      }),
    });

  it('lists the organisations and adds one as the signed-in administrator', async () => {
    const s = stubs();
    r = await build(s);
    const page = await r.client.get('/c/council-a/admin/organisations');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('A Police');
    const res = await r.client.post('/c/council-a/admin/organisations', { name: 'Riverside Forum', kind: 'faith' });
    expect(res.statusCode).toBe(303);
    expect(s.admin.addOrganisation).toHaveBeenCalledWith(
      expect.objectContaining({ userId: r.actor?.userId, role: 'administrator' }),
      'Riverside Forum',
      'faith',
    );
  });

  it('shows the error summary for a bad form and for a rule the service enforces, calling nothing twice', async () => {
    const s = stubs();
    s.admin.addOrganisation.mockRejectedValueOnce(new DomainError('admin.organisations.errors.duplicate', 'name'));
    r = await build(s);
    await r.client.get('/c/council-a/admin/organisations');
    const blank = await r.client.post('/c/council-a/admin/organisations', { name: '', kind: 'faith' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('govuk-error-summary');
    expect(s.admin.addOrganisation).not.toHaveBeenCalled();
    const dup = await r.client.post('/c/council-a/admin/organisations', { name: 'A Police', kind: 'police' });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain('govuk-error-summary');
  });

  it('answers 404 for a malformed id in the address, before any service call', async () => {
    const s = stubs();
    r = await build(s);
    expect((await r.client.get('/c/council-a/admin/users/not-a-uuid')).statusCode).toBe(404);
    expect(s.admin.member).not.toHaveBeenCalled();
  });

  it('refuses a role without the permission with 403 and never calls the service', async () => {
    const s = stubs();
    r = await build(s, 'viewer');
    expect((await r.client.get('/c/council-a/admin/organisations')).statusCode).toBe(403);
    expect(s.admin.organisations).not.toHaveBeenCalled();
  });

  it("lists the directory entries linked to a partner organisation (the registry's backlinks), or says there are none", async () => {
    const s = stubs();
    const org = { ...organisations[0], created_at: new Date('2025-01-01T00:00:00Z') };
    const admin = {
      ...s.admin,
      organisation: vi.fn(async (_c: string, id: string) => (id === org.id ? org : undefined)),
    };
    const backlinks = vi.fn(async () => [
      {
        kind: 'directory.organisation',
        id: 'd1',
        label: 'Riverside Conversation Club',
        href: '/c/council-a/directory/organisations/d1',
      },
      { kind: 'plan.action', id: 'p1', label: 'Not a directory entry', href: '/c/council-a/plans/x' },
    ]);
    r = await routeTestApp({
      role: 'administrator',
      routes: adminRoutes({
        admin: admin as unknown as AdminService,
        audit: s.audit as unknown as AuditService,
        config: testConfig(),
        links: { backlinks },
      }),
    });
    const page = await r.client.get(`/c/council-a/admin/organisations/${org.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Directory entries');
    expect(page.body).toContain('href="/c/council-a/directory/organisations/d1">Riverside Conversation Club</a>');
    expect(page.body).not.toContain('Not a directory entry');
    expect(backlinks).toHaveBeenCalledWith(expect.objectContaining({ role: 'administrator' }), {
      kind: 'admin.organisation',
      id: org.id,
    });
    backlinks.mockResolvedValueOnce([]);
    expect((await r.client.get(`/c/council-a/admin/organisations/${org.id}`)).body).toContain(
      'No directory entries are linked to this organisation.',
    );
  });
});
