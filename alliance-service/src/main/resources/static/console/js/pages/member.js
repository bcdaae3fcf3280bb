import { api, follow } from '../api.js';
import { draw } from '../charts.js';
import { CATEGORIES, L, codeName } from '../i18n.js';
import { dateTime, inWan, quantity, today, tonnesChange, tonnesPerYear, totalTonnes, yuan } from '../format.js';
import { mountInbox } from '../inbox.js';
import { $, banner, checkboxes, el, onSubmit, options, page } from '../ui.js';

const current = page({
	roles: ['MEMBER'],
	sections: [['inbox', '消息', 'Inbox'], ['capacity', '产能', 'Capacity'], ['profile', '档案', 'Profile'],
		['projects', '技改项目', 'Projects'], ['market', '供需对接', 'Market']],
});
const memberId = current.memberId;
const status = $('#status');

function fail(error) {
	banner(status, 'error', error.message);
}

// Inbox, live
const inbox = mountInbox({ list: $('#inbox-list'), unreadBadge: $('#unread-count'), liveBadge: $('#inbox-live') });
inbox.load().catch(fail);

// Profile
let member;
async function loadProfile() {
	member = await api('alliance', `/api/v1/members/${memberId}`);
	$('#enterprise-name').textContent = member.enterpriseName;
	$('#profile-facts').replaceChildren(
		...[[L('统一社会信用代码', 'USCC'), member.uscc], [L('板块', 'Pillar'), codeName(member.pillar)],
			[L('层级', 'Tier'), codeName(member.tier)], [L('主要产品', 'Products'), member.produces.map(codeName).join('、')],
			[L('主要原料', 'Raw materials'), member.consumes.map(codeName).join('、') || '—']]
			.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
	$('#profile-contact-name').value = member.contact?.name ?? '';
	$('#profile-contact-phone').value = member.contact?.phone ?? '';
	$('#profile-contact-email').value = member.contact?.email ?? '';
	$('#profile-village').value = member.village ?? '';
	$('#profile-address').value = member.address ?? '';
	options($('#capacity-category'), member.produces);
	options($('#project-category'), member.produces);
}
onSubmit($('#profile-form'), async (values) => {
	member = await api('alliance', `/api/v1/members/${memberId}`, { method: 'PATCH', json: values });
	return L('已保存', 'Saved');
});

// Capacity: the chart shows the enterprise's total after each report
options($('#capacity-reason'), ['EXPANSION', 'RENOVATION', 'SHUTDOWN', 'RECTIFICATION', 'CORRECTION']);
$('#capacity-from').value = today();
$('#capacity-tonnes').addEventListener('input', (event) => {
	$('#capacity-tonnes-hint').textContent = event.target.value ? `= ${tonnesPerYear(Number(event.target.value))}` : '';
});

// The chart walks back from today's total through each report's change, so it starts with
// the capacity the enterprise had before its first report.
async function loadCapacity() {
	const [profile, history] = await Promise.all([api('alliance', `/api/v1/members/${memberId}`),
		api('alliance', `/api/v1/members/${memberId}/capacity-reports`)]);
	let total = totalTonnes(profile.capacities);
	$('#capacity-now').textContent = tonnesPerYear(total);
	const points = [];
	for (const report of [...history].reverse()) {
		points.unshift({ date: report.effectiveFrom, total });
		total -= report.changeTonnes;
	}
	const joined = (profile.registeredAt ?? '').slice(0, 10);
	const start = joined && (!points.length || joined <= points[0].date) ? joined : L('此前', 'Before');
	points.unshift({ date: start, total });
	draw($('#capacity-chart'), 'line', points.map((point) => point.date),
		[{ label: L('年产能（万吨/年）', 'Annual capacity (10k t/yr)'), data: points.map((point) => inWan(point.total)), stepped: true, fill: false }],
		{ scales: { y: { beginAtZero: true } } });
}
onSubmit($('#capacity-form'), async (values) => {
	const filed = await api('alliance', `/api/v1/members/${memberId}/capacity-reports`, { json: values });
	await loadCapacity();
	return L(`已填报：${codeName(filed.category)} ${tonnesPerYear(filed.previousAnnualTonnes)} → ${tonnesPerYear(filed.annualTonnes)}（${tonnesChange(filed.changeTonnes)}），联盟党委和秘书处已收到。`,
		`Reported: ${codeName(filed.category)} ${tonnesPerYear(filed.previousAnnualTonnes)} → ${tonnesPerYear(filed.annualTonnes)} (${tonnesChange(filed.changeTonnes)}); the Party committee and the secretariat have it.`);
});

// Renovation projects, with the status changes each allows
options($('#project-level'), ['NONE', 'XINMI', 'ZHENGZHOU']);
$('#project-investment').addEventListener('input', (event) => {
	$('#project-investment-hint').textContent = event.target.value ? `= ${yuan(Number(event.target.value))}` : '';
});
async function loadProjects() {
	const projects = await api('alliance', '/api/v1/renovation-projects');
	$('#project-rows').replaceChildren(...(projects.length ? projects.map(projectRow)
		: [el('tr', {}, el('td', { colspan: 5, class: 'muted' }, L('暂无技改项目', 'No projects yet')))]));
}
function projectRow(project) {
	let change = el('span', { class: 'muted' }, '—');
	if (project.allowedNext.length) {
		const select = el('select', { 'aria-label': L(`${project.title} 的新状态`, `New status of ${project.title}`) },
			project.allowedNext.map((next) => el('option', { value: next }, codeName(next))));
		const note = el('input', { maxlength: 500, placeholder: L('说明（可选）', 'Note (optional)'), 'aria-label': L('说明', 'Note') });
		const error = el('div', { class: 'field-error', 'aria-live': 'polite' });
		const button = el('button', { type: 'button', class: 'small', onclick: async () => {
			button.disabled = true;
			try {
				await api('alliance', `/api/v1/renovation-projects/${project.id}/status`, { json: { status: select.value, note: note.value.trim() || null } });
				await Promise.all([loadProjects(), loadCapacity()]);
			}
			catch (problem) {
				error.textContent = problem.message;
				button.disabled = false;
			}
		} }, L('变更', 'Change'));
		change = el('div', { class: 'actions' }, select, note, button, error);
	}
	return el('tr', {},
		el('td', {}, project.title, project.keyProjectLevel !== 'NONE' ? el('span', { class: 'badge key' }, codeName(project.keyProjectLevel)) : null),
		el('td', {}, codeName(project.status)),
		el('td', { class: 'num' }, tonnesPerYear(project.addedCapacityTonnes)),
		el('td', { class: 'num' }, yuan(project.investmentYuan)),
		el('td', {}, change));
}
onSubmit($('#project-form'), async (values) => {
	await api('alliance', `/api/v1/members/${memberId}/renovation-projects`, { json: values });
	$('#project-form').reset();
	await loadProjects();
	return L('项目已登记', 'Project registered');
});

// Market: my listings, the live feed, posting
let taxonomy = {};
options($('#listing-side'), ['OFFER', 'NEED']);
options($('#listing-category'), CATEGORIES);
$('#listing-until').value = today(90);
function fitUnits() {
	const node = taxonomy[$('#listing-category').value];
	options($('#listing-unit'), node?.units ?? ['TONNE']);
	$('#listing-grades').replaceChildren(...(node?.grades ?? []).map((grade) => el('option', { value: grade })));
}
$('#listing-category').addEventListener('change', fitUnits);

function listingText(listing) {
	const price = listing.priceMinYuan != null || listing.priceMaxYuan != null
		? L(` · ${listing.priceMinYuan ?? '?'}–${listing.priceMaxYuan ?? '?'} 元`, ` · CNY ${listing.priceMinYuan ?? '?'}–${listing.priceMaxYuan ?? '?'}`) : '';
	return `${codeName(listing.side)} · ${codeName(listing.category)}${listing.spec ? ' ' + listing.spec : ''} · ${quantity(listing.quantity, codeName(listing.unit))}${price}`;
}
async function loadListings() {
	const mine = await api('alliance', '/api/v1/listings?mine=true&size=50');
	$('#listing-list').replaceChildren(...(mine.items.length ? mine.items.map((listing) => el('li', {},
		el('div', {}, listingText(listing), ' ', el('span', { class: 'badge' }, codeName(listing.status))),
		el('div', { class: 'actions muted' }, L(`有效期至 ${listing.validUntil} · 匹配 ${listing.matchCount ?? 0} 条`, `Until ${listing.validUntil} · ${listing.matchCount ?? 0} matches`),
			listing.status === 'OPEN' ? el('button', { type: 'button', class: 'small secondary', onclick: async () => {
				await api('alliance', `/api/v1/listings/${listing.id}/close`, { method: 'POST' }).catch(fail);
				loadListings();
			} }, L('关闭', 'Close')) : null)))
		: [el('li', { class: 'muted' }, L('尚未发布', 'None yet'))]));
}
onSubmit($('#listing-form'), async (values) => {
	const listing = await api('alliance', '/api/v1/listings', { json: values });
	await loadListings();
	return L(`已发布，匹配 ${listing.matchCount ?? 0} 条`, `Posted; ${listing.matchCount ?? 0} matches`);
});
follow('alliance', '/api/v1/feed', (name, item) => {
	if (name === 'resync') {
		// away longer than the feed remembers: start the list again from the recent backlog
		$('#feed-list').replaceChildren();
		loadListings();
		return;
	}
	const text = name === 'match'
		? L(`匹配：${item.counterpartEnterpriseName} · ${item.categoryName}${item.spec ? ' ' + item.spec : ''} · 匹配度 ${Math.round(item.score * 100)}%`,
			`Match: ${item.counterpartEnterpriseName} · ${codeName(item.category)}${item.spec ? ' ' + item.spec : ''} · score ${Math.round(item.score * 100)}%`)
		: `${codeName(item.relation)} · ${item.enterpriseName} · ${listingText(item)}`;
	$('#feed-list').prepend(el('li', { 'data-kind': name }, el('div', {}, text),
		el('div', { class: 'muted' }, dateTime(item.publishedAt ?? item.foundAt))));
	if (name === 'match') {
		loadListings();
	}
}, (state) => {
	$('#feed-live').className = state === 'live' ? 'badge live' : 'badge';
	$('#feed-live').textContent = state === 'live' ? L('实时', 'Live') : L('重新连接中…', 'Reconnecting…');
});

try {
	await loadProfile();
	[taxonomy] = await Promise.all([api('alliance', '/api/v1/market/taxonomy'), loadCapacity(), loadProjects(), loadListings()]);
	fitUnits();
}
catch (error) {
	fail(error);
}
