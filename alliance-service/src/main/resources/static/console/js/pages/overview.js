import { api } from '../api.js';
import { draw } from '../charts.js';
import { L, isEnglish } from '../i18n.js';
import { inWan, tonnesPerYear } from '../format.js';
import { $, banner, el, page } from '../ui.js';

page();

try {
	const alliance = await api('alliance', '/api/v1/alliance');
	if (!isEnglish) {
		$('#alliance-name').textContent = alliance.name;
	}
	$('#member-total').textContent = L(`${alliance.memberTotal} 家`, String(alliance.memberTotal));
	$('#capacity-total').textContent = tonnesPerYear(alliance.capacityTotalTonnes);
	const party = alliance.partyCommittee;
	$('#structure').replaceChildren(
		el('div', { class: 'party' }, el('strong', {}, L(`1 · ${party.name}`, '1 · The alliance Party committee')),
			el('span', {}, L(`书记 ${party.secretary}`, `Secretary ${party.secretary}`))),
		el('div', { class: 'connector', 'aria-hidden': 'true' }),
		el('div', { class: 'pillars' }, alliance.pillars.map((pillar, index) => el('div', { class: 'pillar' },
			el('strong', {}, `4 · ${index + 1} ${isEnglish ? pillar.nameEn : pillar.name}`),
			el('div', { class: 'muted' }, L(`牵头：${pillar.lead?.enterpriseName ?? '—'}`, `Lead: ${pillar.lead?.enterpriseName ?? '—'}`)),
			el('div', {}, L(`${pillar.memberCount} 家成员 · ${tonnesPerYear(pillar.capacityTonnes)}`,
				`${pillar.memberCount} members · ${tonnesPerYear(pillar.capacityTonnes)}`)),
			el('div', { class: 'members', 'aria-hidden': 'true' },
				Array.from({ length: pillar.memberCount }, (_, member) => el('span', { class: member === 0 ? 'dot lead' : 'dot' })))))),
		el('div', { class: 'x' }, L(`X · ${alliance.memberTotal} 家成员企业（每个方块一家，橙色为板块牵头企业）`,
			`X · ${alliance.memberTotal} member enterprises (one square each; orange: the pillar's lead)`)));
	draw($('#pillar-chart'), 'bar', alliance.pillars.map((pillar) => (isEnglish ? pillar.nameEn : pillar.name)),
		[{ label: L('产能（万吨/年）', 'Capacity (10k t/yr)'), data: alliance.pillars.map((pillar) => inWan(pillar.capacityTonnes)) }]);
}
catch (error) {
	banner($('#status'), 'error', error.message);
}
