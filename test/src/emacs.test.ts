import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './support/cli';
import { EditorProcess } from './support/editor-process';
import { FIXTURES, SERVER_BUNDLE } from './support/paths';

/**
 * A second real LSP client: Debian's Emacs 28 in batch mode with eglot (`elpa-eglot` 1.9), a
 * script written here that opens a fixture header, starts the built server over stdio with
 * `eglot`, and writes what flymake holds and what the hover shows to JSON files.
 */

const INIT_EL = String.raw`;;; -*- lexical-binding: t -*-
;; Debian installs elpa-eglot and the newer project/xref it needs here; -Q skips the site
;; start-up that would put them on the load path
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))
(require 'eglot)
(require 'json)

(let* ((json-object-type 'plist) (json-array-type 'list) (json-key-type 'keyword)
       (cfg (json-read-file (getenv "UAPI_LINT_EMACS_CONFIG")))
       (out (plist-get cfg :out))
       (snapshots 0)
       (hover-asked nil))
  (cl-labels
      ((write-json (name value)
         ;; a temporary name and a rename: the test never reads half a file
         (let ((tmp (expand-file-name (concat name ".tmp") out)))
           (with-temp-file tmp (insert (json-encode value)))
           (rename-file tmp (expand-file-name name out) t)))
       (snapshot ()
         (cl-incf snapshots)
         (write-json "diagnostics.json"
                     (list :snapshot snapshots
                           :diagnostics
                           (vconcat
                            (mapcar (lambda (d)
                                      (list :line (line-number-at-pos (flymake-diagnostic-beg d))
                                            :type (symbol-name (flymake-diagnostic-type d))
                                            :text (flymake-diagnostic-text d)))
                                    (flymake-diagnostics))))))
       (hover ()
         (save-excursion
           (goto-char (point-min))
           (forward-line (plist-get (plist-get cfg :hover) :line))
           (forward-char (plist-get (plist-get cfg :hover) :character))
           (let* ((result (jsonrpc-request (eglot-current-server) :textDocument/hover
                                           (eglot--TextDocumentPositionParams)))
                  (contents (plist-get result :contents)))
             ;; the text eldoc shows
             (write-json "hover.json" (list :text (if contents (eglot--hover-info contents) "")))))))
    (condition-case err
        (progn
          (setq eglot-server-programs (list (cons 'c-mode (plist-get cfg :cmd))))
          (setq-default eglot-workspace-configuration (plist-get cfg :settings))
          (find-file (plist-get cfg :header))
          (let ((buffer (current-buffer)))
            (advice-add 'eglot-handle-notification :after
                        (lambda (_server method &rest _)
                          (when (eq method 'textDocument/publishDiagnostics)
                            ;; flymake reports on its own schedule: have it take them now
                            (with-current-buffer buffer (flymake-start))
                            (run-at-time 0 nil
                                         (lambda ()
                                           (with-current-buffer buffer
                                             (snapshot)
                                             (unless hover-asked
                                               (setq hover-asked t)
                                               (hover))))))))
            (apply #'eglot (eglot--guess-contact))
            ;; serve the connection until the test asks for the end
            (while (not (file-exists-p (expand-file-name "quit" out)))
              (accept-process-output nil 0.1))
            (eglot-shutdown (eglot-current-server))
            (write-json "exit.json" (list :shutdown "done"))))
      (error (write-json "error.json" (list :error (format "%S" err))))))
  (kill-emacs 0))
`;

/** Visible in the result: one rule raised to error, one turned off. */
const SETTINGS_RULES = { 'custom-ioctl': 'error', 'ioctl-nonportable-arg-type': 'off' };

interface FlymakeDiagnostic {
  line: number;
  type: string;
  text: string;
}

// 1.9 s on an idle machine (measured); each wait below has a limit of its own, the start-up's
// (the editor, then the server it starts) the longest
test('emacs 28 + eglot: diagnostics and hover from the server over stdio', { timeout: 120_000 }, async () => {
  assert.equal(spawnSync('emacs', ['--version'], { timeout: 30_000 }).status, 0, "emacs is installed (.ci/run installs Debian's emacs-nox and elpa-eglot)");
  const header = path.join(FIXTURES, 'hover.h');
  const lines = fs.readFileSync(header, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.startsWith('#define HV_IOCTL_SET'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-emacs-'));
  const out = path.join(tmp, 'out');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(tmp, 'init.el'), INIT_EL);
  fs.writeFileSync(
    path.join(tmp, 'config.json'),
    JSON.stringify({
      cmd: [process.execPath, SERVER_BUNDLE, '--stdio'],
      header,
      out,
      // eglot answers workspace/configuration from eglot-workspace-configuration
      // baseRef none: the fixtures live in this repository, whose git base would make them all existing
      settings: { uapiLint: { rules: SETTINGS_RULES, baseRef: 'none' } },
      hover: { line, character: '#define HV_'.length },
    }),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, UAPI_LINT_EMACS_CONFIG: path.join(tmp, 'config.json'), HOME: tmp };
  const emacs = new EditorProcess('emacs', ['--batch', '-Q', '-l', path.join(tmp, 'init.el')], env);
  try {
    const rules = Object.entries(SETTINGS_RULES).flatMap(([rule, severity]) => ['--rule', `${rule}=${severity}`]);
    const cli = JSON.parse(runCli(['--format', 'json', '--fail-on', 'none', ...rules, header], undefined, 30_000).stdout) as {
      files: Array<{ diagnostics: Array<{ rule: string; line: number; message: string }> }>;
    };
    // eglot shows a diagnostic as "source [code]: message"
    const expected = cli.files[0].diagnostics.map((d) => `${d.line} uapi-lint [${d.rule}]: ${d.message}`).sort();
    assert.ok(expected.length > 0);
    const shown = await emacs.waitForJson<{ diagnostics: FlymakeDiagnostic[] }>(
      out,
      'diagnostics.json',
      (v) => JSON.stringify(v.diagnostics.map((d) => `${d.line} ${d.text}`).sort()) === JSON.stringify(expected),
      30_000,
    );
    const custom = shown.diagnostics.filter((d) => d.text.startsWith('uapi-lint [custom-ioctl]: HV_IOCTL_SET '));
    assert.equal(custom.length, 1);
    assert.equal(custom[0].line, line + 1);
    assert.equal(custom[0].type, 'eglot-error', 'raised to error by the setting eglot passed');
    assert.match(custom[0].text, /magic 'h' \(0x68\), nr 16 \(0x10\), argument struct hv_args/);
    assert.ok(!shown.diagnostics.some((d) => d.text.includes('[ioctl-nonportable-arg-type]')), 'turned off by the setting');
    assert.ok(shown.diagnostics.some((d) => d.text.includes('[uapi-implicit-padding]') && d.type === 'eglot-warning'));
    // eglot 1.9 warns when a server registers what it did not offer to register
    assert.doesNotMatch(emacs.output, /unsupported capability/);

    const hover = await emacs.waitForJson<{ text: string }>(out, 'hover.json', () => true, 20_000);
    assert.match(hover.text, /HV_IOCTL_SET/);
    assert.match(hover.text, /\| x86_64 \| `0xC0106810` \| 16 bytes \|/);
    assert.match(hover.text, /\| i386 \| `0xC00C6810` \| 12 bytes \|/);

    fs.writeFileSync(path.join(out, 'quit'), '');
    await emacs.waitForJson<{ shutdown: string }>(out, 'exit.json', () => true, 20_000);
    assert.equal(await emacs.exited(20_000), 0, emacs.output);
  } finally {
    emacs.kill();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
