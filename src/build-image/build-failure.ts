import { UserError } from '../shared/errors.js';

/** A failed image build, with the Dockerfile line to annotate when one can be told. */
export class BuildFailedError extends UserError {
  constructor(
    message: string,
    /** The Dockerfile, relative to the workspace. */
    readonly file: string,
    /** 1-based line of the failing instruction, when known. */
    readonly line: number | undefined,
    /** The builder's own words for the cause (one line). */
    readonly reason: string,
  ) {
    super(message);
  }
}

/**
 * Finds where a build failed from the builder's output: a parse error's line, buildx's
 * `Dockerfile:N` marker, or the failing step's instruction (`> [2/3] COPY missing /y:`) looked
 * up in the Dockerfile. The cause is the builder's last error line.
 */
export function locateBuildFailure(
  output: string,
  dockerfile: string,
): { line?: number; cause: string } {
  const lines = output.split('\n').map((line) => line.trimEnd());
  const errorLine =
    [...lines]
      .reverse()
      .find((line) =>
        /^(ERROR|error|failed to|executor failed|.*dockerfile parse error)/i.test(
          line.replace(/^#\d+\s+/, ''),
        ),
      ) ??
    [...lines].reverse().find((line) => line.trim() !== '') ??
    'the build failed';
  const cause = errorLine.replace(/^#\d+\s+/, '').trim();
  const parse = /dockerfile parse error (?:on )?line (\d+)/i.exec(output);
  if (parse) return { line: Number(parse[1]), cause };
  const marker = /^Dockerfile:(\d+)\s*$/m.exec(output);
  if (marker) return { line: Number(marker[1]), cause };
  const step = [...output.matchAll(/^\s*> \[(?:[^\]]*\s)?\d+\/\d+\] (.+?):\s*$/gm)].pop();
  if (step) {
    const instruction = step[1].replace(/\s+/g, ' ').trim();
    const source = dockerfile.split('\n');
    const index = source.findIndex((text) => text.replace(/\s+/g, ' ').trim() === instruction);
    const loose =
      index >= 0
        ? index
        : source.findIndex((text) =>
            text.replace(/\s+/g, ' ').trim().startsWith(instruction.slice(0, 40)),
          );
    if (loose >= 0) return { line: loose + 1, cause };
  }
  return { cause };
}
