/** The console's PC filter form (sizes in GB) and the route hash's query part that keeps the filter over a reload. */
import { hashQuery, parseHash, routeHashWithQuery } from '../../../../src/renderer/console/app/routePath';
import { emptyPcFilterForm, formOfPcFilter, pcFilterOfForm } from '../../../../src/renderer/console/pages/pcs/pcFilterForm';
import { pcFilterToQuery } from '../../../../src/shared/pcFilter';

const GiB = 1024 ** 3;

describe('pcFilterOfForm', () => {
  it('turns the typed fields into the filter, sizes from GB (a decimal comma too)', () => {
    const form = { ...emptyPcFilterForm(), online: 'true', software: ' Google Chrome ', softwareMinVersion: '120', minMemoryBytes: '7,5', minFreeDiskBytes: '20', minCpuCores: '4' };
    expect(pcFilterOfForm(form)).toEqual({
      ok: true,
      filter: { online: true, software: 'Google Chrome', softwareMinVersion: '120', minMemoryBytes: 7.5 * GiB, minFreeDiskBytes: 20 * GiB, minCpuCores: 4 },
    });
  });

  it("leaves out a program's version and state while no program is named", () => {
    expect(pcFilterOfForm({ ...emptyPcFilterForm(), softwareMinVersion: '2', softwareMissing: 'true' })).toEqual({ ok: true, filter: {} });
  });

  it('refuses what the shared parser refuses, naming the field', () => {
    expect(pcFilterOfForm({ ...emptyPcFilterForm(), minMemoryBytes: 'delapan' })).toMatchObject({ ok: false, key: 'minMemoryBytes' });
    expect(pcFilterOfForm({ ...emptyPcFilterForm(), minCpuCores: '0' })).toMatchObject({ ok: false, key: 'minCpuCores' });
    expect(pcFilterOfForm({ ...emptyPcFilterForm(), software: 'x', softwareMinVersion: 'baru' })).toMatchObject({ ok: false, key: 'softwareMinVersion' });
  });

  it('shows a filter back in GB, and reads it again unchanged', () => {
    const filter = { teamId: 't-1', minMemoryBytes: 16 * GiB, minFreeDiskBytes: 50 * GiB, cpu: 'i5' };
    const form = formOfPcFilter(filter);
    expect(form).toMatchObject({ teamId: 't-1', minMemoryBytes: '16', minFreeDiskBytes: '50', cpu: 'i5', search: '' });
    expect(pcFilterOfForm(form)).toEqual({ ok: true, filter });
  });
});

describe('the route hash query', () => {
  it('keeps a filter in the hash without changing the route', () => {
    const hash = routeHashWithQuery(pcFilterToQuery({ os: 'linux', software: 'libre office*' }), 'pcs');
    expect(hash).toBe('#/pcs?os=linux&software=libre+office*');
    expect(parseHash(hash)).toEqual({ path: 'pcs', params: [] });
    expect(hashQuery(hash).get('software')).toBe('libre office*');
    expect(routeHashWithQuery(new URLSearchParams(), 'pcs')).toBe('#/pcs');
    expect(hashQuery('#/pcs').toString()).toBe('');
  });
});
