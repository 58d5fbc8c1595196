// @ts-expect-error: a plain JavaScript script without type declarations
import * as actionDocs from '../../../scripts/action-docs.js';

const { documentedWorkflows, renderAction, renderWorkflow, staleTables, updateReadme } = actionDocs;

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

describe('scripts/action-docs.js: the deploy pipeline under two uses: paths', () => {
  const deployData = {
    name: 'oasis deploy',
    description: 'The whole pipeline.',
    inputs: { mode: { description: 'gitops or direct', default: 'direct' } },
    outputs: { status: { description: 'succeeded or failed' } },
  };
  const loader =
    (files: Record<string, object>) =>
    (file: string): { data: object } => ({ data: files[file] });

  it('documents action.yml and deploy/action.yml in one section that names both uses: lines', () => {
    const text: string = updateReadme(
      '# Title\n',
      ['action.yml', 'deploy/action.yml'],
      loader({ 'action.yml': deployData, 'deploy/action.yml': deployData }),
    );
    expect(text.match(/action-docs:start/g)).toHaveLength(1);
    expect(text).toContain('<!-- action-docs:start deploy/action.yml -->');
    expect(text).toContain('`uses: org/oasis-actions/deploy@v1` or `uses: org/oasis-actions@v1`');
    expect(text.match(/\| `mode` \|/g)).toHaveLength(1);
    expect(text).toMatch(/## oasis deploy\n\nThe whole pipeline\.\n/);
  });

  it('drops an old table of the root action.yml and keeps the prose around it', () => {
    const old =
      '# Title\n\nProse before.\n\n<!-- action-docs:start action.yml -->\nold table\n' +
      '<!-- action-docs:end action.yml -->\n\nProse after.\n';
    const files = { 'action.yml': deployData, 'deploy/action.yml': deployData };
    const text: string = updateReadme(old, ['action.yml', 'deploy/action.yml'], loader(files));
    expect(text).not.toContain('action-docs:start action.yml');
    expect(text).not.toContain('old table');
    expect(text).toContain('Prose before.');
    expect(text).toContain('Prose after.');
    expect(staleTables(old, text)).toEqual([
      'action.yml (not documented on its own; remove its table)',
      'deploy/action.yml (missing)',
    ]);
  });

  it('refuses to document the two when their interfaces differ, naming what differs', () => {
    const drifted = {
      ...deployData,
      inputs: { mode: { description: 'gitops or direct', default: 'gitops' }, extra: {} },
    };
    expect(() =>
      updateReadme(
        '# Title\n',
        ['action.yml', 'deploy/action.yml'],
        loader({ 'action.yml': drifted, 'deploy/action.yml': deployData }),
      ),
    ).toThrow(/action\.yml and deploy\/action\.yml .* differ in input 'mode', input 'extra'/);
  });

  it('reports a changed table as out of date', () => {
    const files = { 'deploy/action.yml': deployData };
    const fresh: string = updateReadme('# Title\n', ['deploy/action.yml'], loader(files));
    const stale = fresh.replace('| `mode` | no |', '| `mode` | yes |');
    expect(staleTables(stale, fresh)).toEqual(['deploy/action.yml (out of date)']);
    expect(staleTables(fresh, fresh)).toEqual([]);
  });
});

describe('scripts/action-docs.js: reusable workflows and multi-line defaults', () => {
  it('renders a workflow_call: inputs with types, secrets and outputs', () => {
    const text: string = renderWorkflow('.github/workflows/deploy.yml', {
      on: {
        workflow_call: {
          inputs: {
            image: { type: 'string', required: true, description: 'Image name.' },
            checks: {
              type: 'string',
              default: '- url: /health\n  expect:\n    status: 200\n',
              description: 'Checks.',
            },
          },
          secrets: { kubeconfig: { required: false, description: 'Kubeconfig.' } },
          outputs: { 'image-ref': { description: 'name@sha256:…', value: '${{ x }}' } },
        },
      },
    });
    expect(text).toContain('`uses: org/oasis-actions/.github/workflows/deploy.yml@v1` in a job');
    expect(text).toContain('| `image` | string | yes |  | Image name. |');
    expect(text).toContain(
      '| `checks` | string | no | <code>- url: /health<br>&nbsp;&nbsp;expect:<br>&nbsp;&nbsp;&nbsp;&nbsp;status: 200</code> | Checks. |',
    );
    expect(text).toContain('| `kubeconfig` | no | Kubeconfig. |');
    expect(text).toContain('| `image-ref` | name@sha256:… |');
  });

  it('documents only workflows that can be called', () => {
    const sections = documentedWorkflows(
      ['.github/workflows/ci.yml', '.github/workflows/deploy.yml'],
      (file: string) => ({
        data: file.endsWith('deploy.yml')
          ? { on: { workflow_call: null } }
          : { on: { push: null, pull_request: null } },
      }),
    );
    expect(sections.map((section: { file: string }) => section.file)).toEqual([
      '.github/workflows/deploy.yml',
    ]);
  });

  it('escapes HTML and pipes in a multi-line default', () => {
    const text: string = renderAction(FILE, {
      inputs: { message: { description: 'm', default: 'a <b> & c\nx | y' } },
    });
    expect(text).toContain('<code>a &lt;b&gt; &amp; c<br>x \\| y</code>');
  });
});
