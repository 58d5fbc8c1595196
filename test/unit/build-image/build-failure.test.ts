import { locateBuildFailure } from '../../../src/build-image/build-failure.js';

const DOCKERFILE = 'FROM scratch\nCOPY x /x\n\nCOPY   missing /y\nRUN ["/bin/false"]\n';

describe('locateBuildFailure', () => {
  it('reads the line of a parse error (classic BuildKit)', () => {
    const output =
      '#2 DONE 0.0s\nfailed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 3: unknown instruction: FOOBAR\n';
    expect(locateBuildFailure(output, DOCKERFILE)).toEqual({
      line: 3,
      cause:
        'failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 3: unknown instruction: FOOBAR',
    });
  });

  it("finds the failing step's instruction in the Dockerfile", () => {
    const output = [
      '#5 [2/3] COPY missing /y',
      '#5 ERROR: "/missing" not found: not found',
      '------',
      ' > [2/3] COPY missing /y:',
      '------',
      'failed to compute cache key: "/missing" not found: not found',
    ].join('\n');
    expect(locateBuildFailure(output, DOCKERFILE)).toEqual({
      line: 4,
      cause: 'failed to compute cache key: "/missing" not found: not found',
    });
  });

  it("uses buildx's Dockerfile:N marker", () => {
    const output = [
      ' > [stage-0 3/3] RUN ["/bin/false"]:',
      '------',
      'Dockerfile:5',
      '--------------------',
      '   5 | >>> RUN ["/bin/false"]',
      'ERROR: failed to solve: process "/bin/false" did not complete successfully: exit code: 1',
    ].join('\n');
    expect(locateBuildFailure(output, DOCKERFILE)).toEqual({
      line: 5,
      cause:
        'ERROR: failed to solve: process "/bin/false" did not complete successfully: exit code: 1',
    });
  });

  it('has no line when nothing points at one', () => {
    expect(locateBuildFailure('Cannot connect to the Docker daemon', DOCKERFILE)).toEqual({
      cause: 'Cannot connect to the Docker daemon',
    });
  });
});
