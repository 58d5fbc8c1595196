import { renderSummary } from '../../../src/cli/terminal-markdown.js';

describe('summary rendering for a terminal', () => {
  test('core.summary HTML: heading, table and links become aligned plain text', () => {
    const html =
      '<h2>Scan: fail</h2>\n' +
      '<table><tr><th>severity</th><th>found</th></tr><tr><td>CRITICAL</td><td>2</td></tr>' +
      '<tr><td>HIGH</td><td>13</td></tr></table>\n' +
      'See <a href="https://example.com/x">the alerts</a> &amp; fix.<br>';
    expect(renderSummary(html)).toBe(
      [
        'SCAN: FAIL',
        '==========',
        '',
        'severity  found',
        '--------  -----',
        'CRITICAL  2',
        'HIGH      13',
        '',
        'See the alerts (https://example.com/x) & fix.',
      ].join('\n'),
    );
  });
  test('markdown tables, emphasis, code and lists', () => {
    const md = [
      '### Rollout **succeeded**',
      '',
      '| resource | status |',
      '|---|:---:|',
      '| `deployment/api` | ready |',
      '',
      '- image: `r@sha256:1`',
      '1. [run](https://ci/1)',
    ].join('\n');
    expect(renderSummary(md)).toBe(
      [
        'Rollout succeeded',
        '',
        'resource        status',
        '--------------  ------',
        'deployment/api  ready',
        '',
        '- image: r@sha256:1',
        '1. run (https://ci/1)',
      ].join('\n'),
    );
  });
  test('details, lists and code blocks from HTML', () => {
    const html =
      '<details><summary>Logs</summary>\n<pre><code>line 1\nline 2</code></pre></details>' +
      '<ul><li>one</li><li>two</li></ul>';
    expect(renderSummary(html)).toBe('▸ Logs\n\n    line 1\n    line 2\n\n- one\n\n- two');
  });
});
