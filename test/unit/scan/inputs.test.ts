import { getInputs } from '../../../src/scan/inputs.js';
import { mapInputs } from '../../../src/shared/inputs.js';

const env = { GITHUB_WORKSPACE: '/ws', RUNNER_TEMP: '/rt', HOME: '/home/u' };
const read = (values: Record<string, string>) => getInputs(mapInputs(values), env);

describe('scan inputs', () => {
  test('defaults for an image scan', () => {
    const config = read({ 'image-ref': `127.0.0.1:5000/team/api@sha256:${'a'.repeat(64)}` });
    expect(config).toMatchObject({
      target: { kind: 'image' },
      scanner: 'trivy',
      failOn: ['CRITICAL', 'HIGH'],
      ignoreUnfixed: false,
      vulnTypes: ['os', 'library'],
      ignoreFile: '/ws/.oasis/scan-ignore.yaml',
      ignoreFileRequired: false,
      sarifPath: '/rt/oasis-scan/results.sarif',
      reportPath: '/rt/oasis-scan/trivy-report.json',
      cacheDir: '/home/u/.cache/oasis-scan/trivy',
      uploadSarif: false,
      category: 'oasis-scan/team/api',
      timeoutMs: 15 * 60_000,
    });
  });

  test('a report is read in place and the ignore file named explicitly must exist', () => {
    const config = read({
      report: 'out/trivy.json',
      'ignore-file': 'sec/ignore.yaml',
      'fail-on': 'critical, medium',
    });
    expect(config.target).toEqual({ kind: 'report', path: '/ws/out/trivy.json' });
    expect(config.reportPath).toBe('/ws/out/trivy.json');
    expect(config.ignoreFileRequired).toBe(true);
    expect(config.failOn).toEqual(['CRITICAL', 'MEDIUM']);
  });

  test('the action.yml default ignore file, filled in by the runner, may be absent', () => {
    const config = read({ path: '.', 'ignore-file': '.oasis/scan-ignore.yaml' });
    expect(config.ignoreFileRequired).toBe(false);
    expect(config.ignoreFile).toBe('/ws/.oasis/scan-ignore.yaml');
  });

  test('fail-on none', () => expect(read({ path: '.', 'fail-on': 'none' }).failOn).toEqual([]));

  test('the default category names what was scanned', () => {
    expect(read({ path: 'services/web app' }).category).toBe('oasis-scan/path/services/web-app');
    expect(read({ path: '.' }).category).toBe('oasis-scan/path/.');
    expect(read({ report: 'r.json' }).category).toBe('oasis-scan/report');
    expect(read({ 'image-ref': 'api:1', category: 'mine' }).category).toBe('mine');
  });

  test.each([
    [{}, "input 'image-ref': nothing to scan: set one of image-ref, path or report"],
    [
      { 'image-ref': 'app:1', report: 'r.json' },
      "input 'report': conflicts with input 'image-ref'",
    ],
    [{ path: '.', report: 'r.json' }, "input 'report': conflicts with input 'path'"],
    [
      { path: '.', 'fail-on': 'HIHG' },
      "input 'fail-on': 'HIHG' is not one of CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN",
    ],
    [{ path: '.', scanner: 'snyk' }, "input 'scanner': 'snyk' is not one of trivy, grype"],
    [
      { path: '.', 'vuln-types': 'os,kernel' },
      "input 'vuln-types': 'kernel' is not one of os, library",
    ],
    [
      { 'image-ref': 'Not An Image' },
      "input 'image-ref': 'Not An Image' is not an image reference",
    ],
    [{ path: '.', 'ignore-unfixed': 'maybe' }, "input 'ignore-unfixed': 'maybe' is not a boolean"],
    [{ path: '.', timeout: 'forever' }, "input 'timeout': 'forever' is not a duration"],
    [
      { path: '.', 'upload-sarif': 'true' },
      "input 'github-token': is empty but upload-sarif is true",
    ],
    [
      { path: '.', 'scanner-mirror': 'ftp://x' },
      "input 'scanner-mirror': 'ftp://x' is not an http(s) URL",
    ],
  ])('%j is refused', (values, message) => {
    expect(() => read(values as Record<string, string>)).toThrow(message);
  });
});
