// @ts-expect-error: a plain JavaScript script without type declarations
import { renderAction, updateReadme } from '../../../scripts/action-docs.js';

const FILE = 'actions/build-image/action.yml';

describe('scripts/action-docs.js', () => {
  it('renders inputs (required, default) and outputs as tables with escaped pipes', () => {
    const text: string = renderAction(FILE, {
      inputs: {
        images: { description: 'Names,\none per line', required: true },
        tags: { description: 'a|b', default: 'type=sha' },
      },
      outputs: { digest: { description: 'sha256:…' } },
    });
    expect(text).toContain('`uses: org/oasis-actions/actions/build-image@v1`');
    expect(text).toContain('| `images` | yes |  | Names, one per line |');
    expect(text).toContain('| `tags` | no | `type=sha` | a\\|b |');
    expect(text).toContain('| `digest` | sha256:… |');
  });

  it('appends a section with markers once, then replaces only what is between them', () => {
    const first: string = updateReadme('# Title\n\nIntro.\n', [FILE]);
    expect(first).toMatch(/## oasis build-image\n/);
    expect(first).toContain(`<!-- action-docs:start ${FILE} -->`);
    expect(first).toContain('| `images` | yes |');
    expect(updateReadme(first, [FILE])).toBe(first);

    const stale = first
      .replace('| `images` | yes |', '| `images` | no |')
      .replace('Intro.', 'Intro, edited.');
    const fixed: string = updateReadme(stale, [FILE]);
    expect(fixed).toContain('| `images` | yes |');
    expect(fixed).toContain('Intro, edited.');
    expect(fixed.match(/action-docs:start/g)).toHaveLength(1);
  });
});
