import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { writeJobSummary } from '../../../src/shared/action.js';

describe('writeJobSummary', () => {
  const saved = process.env.GITHUB_STEP_SUMMARY;
  // @actions/core remembers the summary path of its first write, as one runner step would.
  const file = join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.md');
  let out: string[];
  beforeEach(() => {
    out = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env.GITHUB_STEP_SUMMARY = saved;
  });

  it('appends to the step summary file in a runner', async () => {
    writeFileSync(file, '');
    process.env.GITHUB_STEP_SUMMARY = file;
    await writeJobSummary('## ✅ done\n');
    expect(readFileSync(file, 'utf8')).toBe('## ✅ done\n');
  });

  it('logs the summary outside a runner instead of failing', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    await writeJobSummary('## ✅ done');
    expect(out.join('')).toContain('## ✅ done');
  });

  it('turns an unwritable summary into a warning', async () => {
    rmSync(file);
    mkdirSync(file); // a directory where the summary file should be: the write fails
    process.env.GITHUB_STEP_SUMMARY = file;
    await expect(writeJobSummary('x')).resolves.toBeUndefined();
    expect(out.join('')).toMatch(/::warning::could not write the job summary/);
  });
});
