import { api } from '../api.js';
import { draw } from '../charts.js';
import { L, RENOVATION_STATUSES, codeName } from '../i18n.js';
import { dateTime, inWan, tonnesPerYear, yuan } from '../format.js';
import { mountInbox } from '../inbox.js';
import { $, banner, downloadButton, el, page } from '../ui.js';

page({
	roles: ['PARTY_COMMITTEE'],
	sections: [['urgent', '紧急消息', 'Urgent'], ['capacity', '产能', 'Capacity'], ['pipeline', '技改项目', 'Projects'], ['digest', '每日摘要', 'Digest']],
});
const fail = (error) => banner($('#status'), 'error', error.message);
const DIGEST = 'org.paperlink.digest.daily.v1';

async function loadCapacity() {
	const summary = await api('alliance', '/api/v1/capacity/summary');
	$('#total-capacity').textContent = tonnesPerYear(summary.totalTonnes);
	$('#added-label').textContent = L(`${summary.since.slice(0, 4)} 年以来新增`, `Added since ${summary.since.slice(0, 4)}`);
	$('#added-capacity').textContent = tonnesPerYear(summary.addedSinceTonnes);
	draw($('#pillar-chart'), 'bar', summary.byPillar.map((row) => codeName(row.pillar)),
		[{ label: L('产能（万吨/年）', 'Capacity (10k t/yr)'), data: summary.byPillar.map((row) => inWan(row.tonnes)) }]);
	draw($('#category-chart'), 'doughnut', summary.byCategory.map((row) => codeName(row.category)),
		[{ label: L('产能（万吨/年）', 'Capacity (10k t/yr)'), data: summary.byCategory.map((row) => inWan(row.tonnes)) }]);
	draw($('#added-chart'), 'bar', summary.byYear.map((row) => String(row.year)),
		[{ label: L('新增（万吨/年）', 'Added (10k t/yr)'), data: summary.byYear.map((row) => inWan(row.addedTonnes)) },
			{ label: L('净变化（万吨/年）', 'Net change (10k t/yr)'), data: summary.byYear.map((row) => inWan(row.netChangeTonnes)) }]);
}

async function loadPipeline() {
	const projects = await api('alliance', '/api/v1/renovation-projects');
	$('#projects-under-way').textContent = String(projects.filter((project) => ['APPROVED', 'UNDER_CONSTRUCTION'].includes(project.status)).length);
	$('#pipeline-columns').replaceChildren(...RENOVATION_STATUSES.map((status) => {
		const inStatus = projects.filter((project) => project.status === status);
		return el('div', { class: 'column', 'data-status': status },
			el('h3', {}, `${codeName(status)}（${inStatus.length}）`),
			inStatus.map((project) => el('div', { class: project.keyProjectLevel !== 'NONE' ? 'project key' : 'project' },
				el('strong', {}, project.enterpriseName), el('div', {}, project.title),
				el('div', { class: 'muted' }, `${tonnesPerYear(project.addedCapacityTonnes)} · ${yuan(project.investmentYuan)}`),
				project.keyProjectLevel !== 'NONE' ? el('span', { class: 'badge key' }, codeName(project.keyProjectLevel)) : null)));
	}));
}

async function loadDigest() {
	const latest = await api('notification', `/api/v1/inbox?type=${DIGEST}&size=1`);
	const digest = latest.items[0];
	$('#digest-body').replaceChildren(digest
		? el('div', {}, el('strong', {}, digest.title), el('div', { class: 'muted' }, dateTime(digest.createdAt)), el('p', {}, digest.body))
		: el('p', { class: 'muted' }, L('今天 08:00 的每日摘要发出后显示在这里。', 'The daily digest appears here after it is sent at 08:00.')));
}

async function countUrgentUnread() {
	const unread = await api('notification', '/api/v1/inbox?urgent=true&unread=true&size=1');
	$('#urgent-unread').textContent = String(unread.total);
}

// Urgent notifications as they arrive; the dashboard's figures follow them without a reload.
const urgent = mountInbox({
	list: $('#urgent-list'),
	liveBadge: $('#urgent-live'),
	query: '&urgent=true',
	size: 10,
	onRead: () => countUrgentUnread().catch(fail),
	accept: (item) => {
		if (item.eventType === DIGEST) {
			loadDigest().catch(fail);
		}
		if (!item.urgent) {
			return false;
		}
		Promise.all([loadCapacity(), loadPipeline(), countUrgentUnread()]).catch(fail);
		return true;
	},
});

for (const [button, path] of [['#export-roster', '/api/v1/members/export'], ['#export-capacity', '/api/v1/capacity/export'],
	['#export-projects', '/api/v1/renovation-projects/export']]) {
	downloadButton($(button), path, $('#export-progress'), $('#export-status'));
}

Promise.all([loadCapacity(), loadPipeline(), loadDigest(), urgent.load(), countUrgentUnread()]).catch(fail);
