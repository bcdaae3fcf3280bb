import { api } from '../api.js';
import { L, PILLARS, codeName } from '../i18n.js';
import { dateTime, tonnesPerYear, totalTonnes } from '../format.js';
import { mountInbox } from '../inbox.js';
import { $, banner, checkboxes, downloadButton, el, onSubmit, options, page } from '../ui.js';

page({
	roles: ['SECRETARIAT'],
	sections: [['applications', '入盟审批', 'Applications'], ['notices', '通知', 'Notices'], ['directory', '名录', 'Directory'],
		['import', '导入', 'Import'], ['exports', '导出', 'Exports'], ['inbox', '消息', 'Inbox']],
});
const status = $('#status');
const fail = (error) => banner(status, 'error', error.message);
const names = new Map();

// Applications: approve, or reject with a reason
async function loadApplications() {
	const pending = await api('alliance', '/api/v1/registrations?size=200');
	$('#application-count').textContent = L(`${pending.total} 份`, String(pending.total));
	$('#application-rows').replaceChildren(...(pending.items.length ? pending.items.map(applicationRow)
		: [el('tr', {}, el('td', { colspan: 6, class: 'muted' }, L('没有待审核的申请', 'Nothing to review')))]));
}
function applicationRow(application) {
	const reason = el('input', { maxlength: 500, placeholder: L('驳回理由', 'Reason to reject'), 'aria-label': L(`驳回 ${application.enterpriseName} 的理由`, `Reason to reject ${application.enterpriseName}`) });
	const error = el('div', { class: 'field-error', 'aria-live': 'polite' });
	const decide = (verb, body) => async (event) => {
		event.target.disabled = true;
		error.textContent = '';
		try {
			await api('alliance', `/api/v1/registrations/${application.id}/${verb}`, { json: body() });
			await loadApplications();
			await loadDirectory();
		}
		catch (problem) {
			error.textContent = (problem.problem?.errors ?? []).map((item) => item.message).join('；') || problem.message;
			if (problem.problem?.errors?.length) {
				reason.setAttribute('aria-invalid', 'true');
				reason.focus();
			}
			event.target.disabled = false;
		}
	};
	return el('tr', { 'data-application': application.id },
		el('td', {}, el('strong', {}, application.enterpriseName), el('div', { class: 'muted' }, application.uscc)),
		el('td', {}, codeName(application.pillar)),
		el('td', { class: 'num' }, tonnesPerYear(application.annualCapacityTonnes)),
		el('td', {}, application.contact?.name ?? '', el('div', { class: 'muted' }, application.contact?.phone ?? '')),
		el('td', {}, dateTime(application.registeredAt)),
		el('td', {}, el('div', { class: 'actions' },
			el('button', { type: 'button', class: 'small', 'data-approve': application.id, onclick: decide('approve', () => ({})) }, L('批准', 'Approve')),
			reason,
			el('button', { type: 'button', class: 'small secondary', 'data-reject': application.id, onclick: decide('reject', () => ({ reason: reason.value.trim() })) }, L('驳回', 'Reject'))),
		error));
}

// Directory by pillar
options($('#directory-pillar'), PILLARS, { blank: L('全部板块', 'All pillars') });
async function loadDirectory() {
	const pillar = $('#directory-pillar').value;
	const search = $('#directory-search').value.trim();
	const query = new URLSearchParams({ size: '200' });
	if (pillar) {
		query.set('pillar', pillar);
	}
	if (search) {
		query.set('q', search);
	}
	const members = await api('alliance', `/api/v1/members?${query}`);
	for (const member of members.items) {
		names.set(member.id, member.enterpriseName);
	}
	$('#directory-groups').replaceChildren(...PILLARS.filter((code) => !pillar || code === pillar).map((code) => {
		const inPillar = members.items.filter((member) => member.pillar === code);
		return el('div', {}, el('h3', {}, `${codeName(code)}（${inPillar.length}）`),
			el('div', { class: 'table-wrap' }, el('table', {},
				el('thead', {}, el('tr', {}, el('th', {}, L('企业', 'Enterprise')), el('th', {}, L('主要产品', 'Products')),
					el('th', { class: 'num' }, L('产能', 'Capacity')), el('th', {}, L('联系人', 'Contact')),
					el('th', {}, L('账号', 'Account')))),
				el('tbody', {}, inPillar.map((member) => el('tr', {},
					el('td', {}, member.enterpriseName, member.tier === 'PILLAR_LEAD' ? el('span', { class: 'badge key' }, codeName('PILLAR_LEAD')) : null,
						member.sample ? el('span', { class: 'sample' }, L(' 示例', ' sample')) : null),
					el('td', {}, member.produces.map(codeName).join('、')),
					el('td', { class: 'num' }, tonnesPerYear(totalTonnes(member.capacities))),
					el('td', {}, member.contact ? `${member.contact.name} ${member.contact.phone}` : '—'),
					el('td', {}, member.username ? resetButton(member) : '—')))))));
	}));
}

// A new initial password for an enterprise that lost its own: asked twice, shown once
function resetButton(member) {
	const button = el('button', { type: 'button', class: 'small secondary', 'data-reset-password': member.id }, L('重置密码', 'Reset password'));
	button.addEventListener('click', async () => {
		if (!button.dataset.armed) {
			button.dataset.armed = 'true';
			button.textContent = L(`确认重置 ${member.username} 的密码？`, `Reset ${member.username}'s password?`);
			return;
		}
		button.disabled = true;
		try {
			const reset = await api('alliance', `/api/v1/members/${member.id}/password-reset`, { method: 'POST' });
			banner(status, 'success', L(`${member.enterpriseName}（${reset.username}）的新初始密码：${reset.initialPassword}。只显示这一次，请转交企业并提醒其登录后修改；原有登录已失效。`,
				`New initial password of ${member.enterpriseName} (${reset.username}): ${reset.initialPassword}. Shown only this once: pass it on and ask them to change it; their sessions have ended.`));
		}
		catch (error) {
			fail(error);
		}
		finally {
			delete button.dataset.armed;
			button.textContent = L('重置密码', 'Reset password');
			button.disabled = false;
		}
	});
	return button;
}
$('#directory-pillar').addEventListener('change', () => loadDirectory().catch(fail));
let searchTimer;
$('#directory-search').addEventListener('input', () => {
	clearTimeout(searchTimer);
	searchTimer = setTimeout(() => loadDirectory().catch(fail), 300);
});

// Notices: compose, and the receipts of each, refreshed while the page is open
checkboxes($('#notice-pillars'), 'audience.pillars', PILLARS);
options($('#notice-priority'), ['NORMAL', 'URGENT']);
onSubmit($('#notice-form'), async (values) => {
	if (values.audience.scope !== 'PILLARS') {
		values.audience.pillars = [];
	}
	const notice = await api('alliance', '/api/v1/notices', { json: values });
	$('#notice-form').reset();
	await loadNotices();
	return L(`已发布，共 ${notice.audienceSize} 家成员`, `Published to ${notice.audienceSize} members`);
});
const receiptViews = new Map();
async function loadNotices() {
	const notices = await api('alliance', '/api/v1/notices');
	receiptViews.clear();
	$('#notice-list').replaceChildren(...(notices.length ? notices.map(noticeItem) : [el('li', { class: 'muted' }, L('尚未发布通知', 'No notices yet'))]));
	await refreshReceipts();
}
function noticeItem(notice) {
	const count = el('strong', { class: 'receipt-count', 'aria-live': 'polite' }, L('统计中…', 'Counting…'));
	const unread = el('details', {}, el('summary', {}, L('未读企业', 'Who has not read it')), el('ul', { class: 'unread-list' }));
	const message = el('span', { class: 'muted', role: 'status' });
	const remind = el('button', { type: 'button', class: 'small secondary', onclick: async () => {
		remind.disabled = true;
		try {
			const result = await api('notification', `/api/v1/notices/${notice.id}/reminders`, { method: 'POST' });
			message.textContent = L(`已提醒 ${result.reminded} 家`, `Reminded ${result.reminded}`);
		}
		catch (error) {
			message.textContent = error.message;
		}
		finally {
			remind.disabled = false;
		}
	} }, L('提醒未读', 'Remind the unread'));
	receiptViews.set(notice.id, { count, unread });
	return el('li', { 'data-notice': notice.id },
		el('div', {}, el('strong', {}, notice.title), ' ', notice.priority === 'URGENT' ? el('span', { class: 'badge urgent' }, codeName('URGENT')) : null),
		el('div', { class: 'muted' }, `${dateTime(notice.publishedAt ?? notice.publishAt)} · ${codeName(notice.audience.scope)}`),
		el('div', { class: 'actions' }, L('已读', 'Read'), ' ', count, notice.requiresAck ? remind : null, message),
		unread);
}
async function refreshReceipts() {
	await Promise.all([...receiptViews.entries()].map(async ([id, view]) => {
		try {
			const receipts = await api('notification', `/api/v1/notices/${id}/receipts`);
			view.count.textContent = `${receipts.read} / ${receipts.total}`;
			view.count.dataset.read = String(receipts.read);
			view.unread.querySelector('ul').replaceChildren(...receipts.unread.map((memberId) => el('li', {}, names.get(memberId) ?? memberId)));
		}
		catch (error) {
			if (error.status !== 404) {
				view.count.textContent = error.message;
			}
		}
	}));
}
setInterval(() => {
	if (document.visibilityState === 'visible') {
		refreshReceipts();
	}
}, 3000);

// Bulk import: preview with the errors of each row, then confirm
let preview = null;
onSubmit($('#import-form'), async () => {
	const file = $('#import-file').files[0];
	if (!file) {
		const error = new Error('no file');
		$('[data-error-for="file"]').textContent = L('请选择文件', 'Choose a file');
		error.handled = true;
		throw error;
	}
	const form = new FormData();
	form.append('file', file);
	preview = await api('alliance', '/api/v1/member-imports', { form });
	showPreview();
	return null;
});
function showPreview() {
	const confirmProgress = el('span', { class: 'progress', role: 'status', hidden: true }, el('span', { class: 'spinner', 'aria-hidden': 'true' }),
		L(`正在创建 ${preview.valid} 家成员…`, `Creating ${preview.valid} members…`));
	const confirm = el('button', { type: 'button', id: 'import-confirm', disabled: preview.valid === 0, onclick: async () => {
		confirm.disabled = true;
		confirmProgress.hidden = false;
		try {
			showOutcome(await api('alliance', `/api/v1/member-imports/${preview.id}/confirm`, { method: 'POST' }));
			loadDirectory();
		}
		catch (error) {
			banner(result, 'error', error.message);
			confirm.disabled = false;
		}
		finally {
			confirmProgress.hidden = true;
		}
	} }, L(`确认导入 ${preview.valid} 家`, `Import ${preview.valid}`));
	const result = el('div', { class: 'banner' });
	$('#import-result').replaceChildren(
		el('p', {}, L(`${preview.fileName}：共 ${preview.total} 行，${preview.valid} 行可导入，${preview.invalid} 行有错误（有错误的行不会导入）。`,
			`${preview.fileName}: ${preview.total} rows, ${preview.valid} ready, ${preview.invalid} with errors (those are left out).`)),
		el('div', { class: 'table-wrap' }, el('table', {},
			el('thead', {}, el('tr', {}, el('th', { class: 'num' }, L('行', 'Row')), el('th', {}, L('企业', 'Enterprise')),
				el('th', {}, L('统一社会信用代码', 'USCC')), el('th', {}, L('用户名', 'Username')), el('th', {}, L('校验结果', 'Check')))),
			el('tbody', {}, preview.rows.map((row) => el('tr', { class: row.valid ? '' : 'invalid', 'data-row': row.row },
				el('td', { class: 'num' }, row.row), el('td', {}, row.enterpriseName ?? ''), el('td', {}, row.uscc ?? ''), el('td', {}, row.username ?? ''),
				el('td', {}, row.valid ? L('✓ 可导入', '✓ Ready')
					: el('ul', { class: 'field-error' }, row.errors.map((error) => el('li', {}, `${error.column}：${error.message}`))))))))),
		el('div', { class: 'actions' }, confirm, confirmProgress), result);
}
function showOutcome(confirmation) {
	const created = confirmation.rows.filter((row) => !row.outcome.error);
	$('#import-result').replaceChildren(
		el('div', { class: 'banner ok', role: 'status' }, L(`已导入 ${created.length} 家成员。初始密码只显示这一次，请妥善转交企业，并提醒其登录后修改。`,
			`${created.length} members imported. The initial passwords are shown only now: hand them over safely and ask each to change it.`)),
		el('div', { class: 'table-wrap' }, el('table', {},
			el('thead', {}, el('tr', {}, el('th', { class: 'num' }, L('行', 'Row')), el('th', {}, L('企业', 'Enterprise')),
				el('th', {}, L('用户名', 'Username')), el('th', {}, L('初始密码 / 结果', 'Initial password / outcome')))),
			el('tbody', {}, confirmation.rows.map((row) => el('tr', { class: row.outcome.error ? 'invalid' : '' },
				el('td', { class: 'num' }, row.outcome.row), el('td', {}, row.outcome.enterpriseName), el('td', {}, row.outcome.username),
				el('td', {}, row.outcome.error ? el('span', { class: 'field-error' }, row.outcome.error) : (row.initialPassword ? el('code', {}, row.initialPassword) : el('span', { class: 'muted' }, L('企业已修改密码，保持不变', 'Changed by the enterprise since; kept'))))))))));
}

// Exports
for (const [button, path] of [['#export-roster', '/api/v1/members/export'], ['#export-capacity', '/api/v1/capacity/export'],
	['#export-projects', '/api/v1/renovation-projects/export']]) {
	downloadButton($(button), path, $('#export-progress'), $('#export-status'));
}

// Inbox
const inbox = mountInbox({ list: $('#inbox-list'), unreadBadge: $('#unread-count'), liveBadge: $('#inbox-live') });

try {
	await loadDirectory();
	await Promise.all([loadApplications(), loadNotices(), inbox.load()]);
}
catch (error) {
	fail(error);
}
