// Every template in this folder (layouts aside) has PreviewProps, renders with them the way the shop
// renders what it sends, and is listed in EMAIL_PREVIEWS under its own name, so /dev/emails shows it.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createElement, type ReactElement } from 'react';
import { renderEmail } from '#server/emails/render-email.server.ts';
import { EMAIL_PREVIEWS, findEmailPreview } from './previews.ts';

const DIR = path.dirname(fileURLToPath(import.meta.url));
const templateFiles = readdirSync(DIR).filter((file) => file.endsWith('.tsx') && !/(^|-)layout\.tsx$/.test(file));

type TemplateModule = { default?: ((props: object) => ReactElement) & { PreviewProps?: unknown } };
const importTemplate = async (file: string) => (await import(`./${file}`)) as TemplateModule;

/** What sample data left out or got wrong shows up as in an email. */
async function renderProblems(element: ReactElement): Promise<string[]> {
  const { html, text } = await renderEmail(element);
  const problems: string[] = [];
  if (!html.startsWith('<!DOCTYPE html')) problems.push('the HTML is not a document');
  if (text.trim().length < 80) problems.push(`a plain-text version of ${text.trim().length} characters`);
  for (const slip of ['undefined', 'NaN', '[object Object]']) {
    if (html.includes(slip) || text.includes(slip)) problems.push(`"${slip}" in the email`);
  }
  return problems;
}

test('the templates are found', () => {
  assert.ok(templateFiles.length >= 13, `only ${templateFiles.length} templates in emails/`);
});

for (const file of templateFiles) {
  const name = file.replace(/\.tsx$/, '');
  test(`${name}: PreviewProps that render, and a preview under its name`, async () => {
    const Template = (await importTemplate(file)).default;
    assert.equal(typeof Template, 'function', `${file} has no default export`);
    assert.ok(Template!.PreviewProps && typeof Template!.PreviewProps === 'object', `${file}: no PreviewProps`);
    assert.deepEqual(await renderProblems(createElement(Template!, Template!.PreviewProps as object)), []);
    assert.equal(findEmailPreview(name)?.Template, Template, `EMAIL_PREVIEWS has no "${name}" with this template`);
  });
}

test('every preview is of a template in this folder, and renders', async () => {
  const templates = await Promise.all(templateFiles.map(async (file) => (await importTemplate(file)).default));
  for (const [name, preview] of Object.entries(EMAIL_PREVIEWS)) {
    assert.ok(templates.includes(preview.Template as never), `${name}: not a template of emails/`);
    assert.ok(preview.subject.length > 0 && !preview.subject.includes('undefined'), `${name}: subject "${preview.subject}"`);
    assert.deepEqual(await renderProblems(preview.element), [], name);
  }
});

test('a name that is no template finds nothing', () => {
  for (const name of ['layout', 'nope', 'constructor', '__proto__', 'toString']) assert.equal(findEmailPreview(name), undefined, name);
});
