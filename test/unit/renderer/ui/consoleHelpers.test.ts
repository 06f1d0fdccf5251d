/** The console's pure helpers: error text for every code, the timer's colours, durations, job progress, hash routes. */
import { ErrorCodes } from '../../../../src/shared/errors';
import { ErrorText, errorText, errorTextOf } from '../../../../src/renderer/ui/errorText';
import { timerTone } from '../../../../src/renderer/ui/timerTone';
import { formatBytes, formatDuration } from '../../../../src/renderer/ui/duration';
import { jobFraction, jobTone } from '../../../../src/renderer/ui/jobProgress';
import { parseHash, routeHash } from '../../../../src/renderer/console/app/routePath';

describe('error text by code', () => {
  it('has a text in both languages for every error code', () => {
    for (const code of Object.values(ErrorCodes)) {
      expect(ErrorText[code]?.id).toBeTruthy();
      expect(ErrorText[code]?.en).toBeTruthy();
    }
  });

  it('falls back to the generic text for a code it does not know, never to the server message', () => {
    expect(errorText('FROM_A_NEWER_SERVER', 'id')).toBe(ErrorText.INTERNAL.id);
    expect(errorTextOf(new Error('boom'), 'en')).toBe(ErrorText.INTERNAL.en);
    expect(errorTextOf({ code: 'FORBIDDEN' }, 'id')).toBe('Anda tidak berhak melakukan ini.');
  });
});

describe('the step timer colour', () => {
  const standard = 10 * 60_000;
  it('is green below 80% of the standard, amber from 80%, red only past the standard', () => {
    expect(timerTone(0, standard)).toBe('ok');
    expect(timerTone(0.8 * standard - 1, standard)).toBe('ok');
    expect(timerTone(0.8 * standard, standard)).toBe('warn');
    expect(timerTone(standard, standard)).toBe('warn');
    expect(timerTone(standard + 1, standard)).toBe('bad');
  });
});

describe('durations and sizes', () => {
  it('shows m:ss under an hour, h:mm:ss over, days past 24 h', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3600_000 + 61_000)).toBe('1:01:01');
    expect(formatDuration(26 * 3600_000)).toBe('1h 2:00:00');
    expect(formatDuration(-5)).toBe('0:00');
  });
  it('shows bytes in binary units', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(16 * 1024 ** 3)).toBe('16 GiB');
  });
});

describe('job progress as one bar', () => {
  it('fills the download by bytes, steps on through the stages, and ends at 100%', () => {
    expect(jobFraction('downloading', 0, 100)).toBeCloseTo(0.1);
    expect(jobFraction('downloading', 50, 100)).toBeCloseTo(0.35);
    expect(jobFraction('downloading', 500, 100)).toBeCloseTo(0.6);
    expect(jobFraction('installing', null, null)).toBeGreaterThan(jobFraction('verified', null, null));
    expect(jobFraction('succeeded', null, null)).toBe(1);
    expect(jobTone('succeeded')).toBe('done');
    expect(jobTone('failed')).toBe('failed');
    expect(jobTone('installing')).toBe('running');
  });
});

describe('hash routes', () => {
  it('splits the path from its parameters, decoding them', () => {
    expect(parseHash('')).toEqual({ path: '', params: [] });
    expect(parseHash('#/queue')).toEqual({ path: 'queue', params: [] });
    expect(parseHash('#/pcs/a%2Fb/x?y=1')).toEqual({ path: 'pcs', params: ['a/b', 'x'] });
    expect(parseHash('#/tickets/%E0%A4')).toEqual({ path: 'tickets', params: ['%E0%A4'] });
    expect(routeHash('pcs', 'a/b')).toBe('#/pcs/a%2Fb');
  });
});
