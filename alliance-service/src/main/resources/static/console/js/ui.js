// What every page shares: building elements (never from HTML strings), the header, forms that
// show the API's errors beside their fields, progress indicators and downloads.
import { ApiError, api, homeOf, session, signOut } from './api.js';
import { L, codeName, switchLanguage, translatePage } from './i18n.js';

export function el(tag, attributes = {}, ...children) {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === false || value == null) {
			continue;
		}
		if (name === 'class') {
			element.className = value;
		}
		else if (name.startsWith('on')) {
			element.addEventListener(name.slice(2), value);
		}
		else {
			element.setAttribute(name, value === true ? '' : value);
		}
	}
	for (const child of children.flat()) {
		if (child != null && child !== false) {
			element.append(child instanceof Node ? child : String(child));
		}
	}
	return element;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/**
 * The page's header: brand, the sections of this page, who is signed in, the language
 * switch and signing out. roles: who may see the page (none: anyone).
 */
export function page({ roles = null, sections = [] } = {}) {
	translatePage();
	const current = session.get();
	if (roles && (!current || !roles.some((role) => current.roles.includes(role)))) {
		location.replace(current ? homeOf(current) : 'login.html');
		throw new Error('redirected');
	}
	const onPasswordPage = location.pathname.endsWith('/password.html');
	if (current?.mustChangePassword && !onPasswordPage) {
		// an initial password's token may do nothing else
		location.replace('password.html');
		throw new Error('redirected');
	}
	const header = $('header.top');
	const nav = el('nav', { 'aria-label': L('本页栏目', 'Sections') },
		el('a', { href: 'index.html' }, L('联盟概况', 'Overview')),
		sections.map(([id, zh, en]) => el('a', { href: `#${id}` }, L(zh, en))));
	const who = current
		? el('span', { class: 'who' }, `${current.username} · ${current.roles.map(codeName).join('、')}`)
		: el('a', { href: 'login.html', class: 'who', id: 'sign-in-link' }, L('登录', 'Sign in'));
	header.replaceChildren(...[
		el('a', { class: 'brand', href: current ? homeOf(current) : 'index.html' }, L('纸联 PaperLink', 'PaperLink 纸联')),
		nav, who,
		el('button', { type: 'button', class: 'small lang-switch', onclick: switchLanguage, id: 'language' }, L('English', '中文')),
		current && !onPasswordPage ? el('a', { href: 'password.html', class: 'small', id: 'change-password' }, L('修改密码', 'Change password')) : null,
		current ? el('button', { type: 'button', class: 'small', id: 'sign-out', onclick: async () => { await signOut(); location.href = 'index.html'; } }, L('退出', 'Sign out')) : null,
	].filter(Boolean));
	if (new URLSearchParams(location.search).has('password-changed')) {
		$('main')?.prepend(el('div', { class: 'banner ok', role: 'status', id: 'password-changed' }, L('密码已修改，其他设备上的登录已失效。', 'Password changed; other devices are signed out.')));
	}
	return current;
}

/** Shows a message in a banner (role=status or alert); empty text hides it. */
export function banner(element, kind, text) {
	element.className = `banner ${kind}`;
	element.setAttribute('role', kind === 'error' ? 'alert' : 'status');
	element.textContent = text || '';
}

export function clearErrors(form) {
	for (const output of form.querySelectorAll('.field-error')) {
		output.textContent = '';
	}
	for (const input of form.querySelectorAll('[aria-invalid]')) {
		input.removeAttribute('aria-invalid');
	}
}

/** Puts a message beside the field it concerns; false when the form has no such field. */
export function fieldError(form, field, message) {
	const name = field.replace(/\[\d+]$/, '');
	const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
	const output = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
	if (!input || !output) {
		return false;
	}
	input.setAttribute('aria-invalid', 'true');
	output.textContent = output.textContent ? `${output.textContent}；${message}` : message;
	return true;
}

/** Shows an API error: each field error beside its field, the rest in the form's banner. */
export function showProblem(form, error) {
	const status = form.querySelector('.banner');
	if (error.handled) {
		return;
	}
	if (!(error instanceof ApiError)) {
		banner(status, 'error', L('出现意外错误，请稍后重试。', 'Something went wrong; please try again.'));
		throw error;
	}
	const problem = error.problem;
	const unplaced = (problem.errors || []).filter((item) => !fieldError(form, item.field || '', item.message));
	if (problem.field && problem.detail) {
		if (fieldError(form, problem.field, problem.detail)) {
			banner(status, 'error', problem.title);
			form.querySelector('[aria-invalid="true"]')?.focus();
			return;
		}
	}
	const extra = unplaced.map((item) => `${item.field}: ${item.message}`).join('；');
	banner(status, 'error', [problem.detail || problem.title, extra].filter(Boolean).join(' '));
	form.querySelector('[aria-invalid="true"]')?.focus();
}

/** The form's fields as the API wants them: nested names, numbers, lists, booleans. */
export function valuesOf(form) {
	const values = {};
	for (const input of form.querySelectorAll('[name]')) {
		if (input.disabled || (input.type === 'checkbox' && input.dataset.type !== 'list' && input.dataset.type !== 'boolean')) {
			continue;
		}
		let value;
		if (input.dataset.type === 'list') {
			if (!input.checked) {
				setPath(values, input.name, getPath(values, input.name) || []);
				continue;
			}
			value = [...(getPath(values, input.name) || []), input.value];
		}
		else if (input.dataset.type === 'boolean') {
			value = input.checked;
		}
		else if (input.type === 'radio') {
			if (!input.checked) {
				continue;
			}
			value = input.value;
		}
		else if (input.dataset.type === 'number') {
			value = input.value.trim() === '' ? null : Number(input.value);
		}
		else {
			value = input.value.trim() === '' ? null : input.value.trim();
		}
		setPath(values, input.name, value);
	}
	return values;
}

function getPath(target, path) {
	return path.split('.').reduce((node, key) => (node == null ? undefined : node[key]), target);
}

function setPath(target, path, value) {
	const keys = path.split('.');
	let node = target;
	for (const key of keys.slice(0, -1)) {
		node = node[key] ??= {};
	}
	node[keys[keys.length - 1]] = value;
}

/**
 * Sends a form: errors cleared, the button disabled and a progress indicator shown while
 * the request runs, then the API's errors beside their fields.
 */
export function onSubmit(form, send) {
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		clearErrors(form);
		const status = form.querySelector('.banner');
		banner(status, 'ok', '');
		const button = form.querySelector('button[type="submit"]');
		button.disabled = true;
		const indicator = form.querySelector('.progress');
		if (indicator) {
			indicator.hidden = false;
		}
		try {
			const message = await send(valuesOf(form));
			if (message) {
				banner(status, 'ok', message);
			}
		}
		catch (error) {
			showProblem(form, error);
		}
		finally {
			button.disabled = false;
			if (indicator) {
				indicator.hidden = true;
			}
		}
	});
}

export function progress(text) {
	return el('span', { class: 'progress', role: 'status', hidden: true }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

/** Runs slow work with the indicator shown; the indicator says what is happening. */
export async function withProgress(indicator, work) {
	indicator.hidden = false;
	try {
		return await work();
	}
	finally {
		indicator.hidden = true;
	}
}

export function download({ blob, fileName }) {
	const url = URL.createObjectURL(blob);
	const link = el('a', { href: url, download: fileName });
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function options(select, codes, { blank = null, selected = null } = {}) {
	select.replaceChildren(...[
		blank ? el('option', { value: '' }, blank) : null,
		...codes.map((code) => el('option', { value: code, selected: code === selected }, codeName(code))),
	].filter(Boolean));
}

export function checkboxes(container, name, codes, checked = []) {
	container.replaceChildren(...codes.map((code) => el('label', {},
		el('input', { type: 'checkbox', name, value: code, 'data-type': 'list', checked: checked.includes(code) }), codeName(code))));
}

/** A button that downloads a file from the API, with the indicator shown while it is made. */
export function downloadButton(button, path, indicator, status) {
	button.addEventListener('click', async () => {
		button.disabled = true;
		banner(status, 'ok', '');
		try {
			const file = await withProgress(indicator, () => api('alliance', path, { blob: true }));
			download(file);
			banner(status, 'ok', L(`已下载 ${file.fileName}`, `Downloaded ${file.fileName}`));
		}
		catch (error) {
			banner(status, 'error', error.message);
		}
		finally {
			button.disabled = false;
		}
	});
}
