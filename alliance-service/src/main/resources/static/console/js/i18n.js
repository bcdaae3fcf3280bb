// The console's language: Simplified Chinese unless the reader chose English. Static text is
// written in Chinese in the page, with its English in a data-en attribute; text made by the
// scripts is written L('中文', 'English'). The API answers in the same language (Accept-Language).
const STORAGE_KEY = 'paperlink.lang';

export const lang = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';

export const isEnglish = lang === 'en';

export function L(zh, en) {
	return isEnglish ? en : zh;
}

export function switchLanguage() {
	localStorage.setItem(STORAGE_KEY, isEnglish ? 'zh-CN' : 'en');
	location.reload();
}

/** Puts the page's static text into English when that is the reader's language. */
export function translatePage() {
	document.documentElement.lang = lang;
	if (!isEnglish) {
		return;
	}
	for (const element of document.querySelectorAll('[data-en]')) {
		element.textContent = element.dataset.en;
	}
	for (const element of document.querySelectorAll('[data-en-placeholder]')) {
		element.placeholder = element.dataset.enPlaceholder;
	}
	for (const element of document.querySelectorAll('[data-en-label]')) {
		element.setAttribute('aria-label', element.dataset.enLabel);
	}
	const title = document.querySelector('meta[name="title-en"]');
	if (title) {
		document.title = title.content;
	}
}

// Codes are upper-case English in the API; people read their names.
const CODES = {
	PAPERMAKING: ['造纸', 'Papermaking'],
	EQUIPMENT: ['造纸装备', 'Papermaking equipment'],
	PACKAGING_PRINTING: ['包装印刷', 'Packaging and printing'],
	SUPPORTING: ['上下游配套', 'Supporting chain'],
	WASTE_PAPER: ['废纸', 'Waste paper'],
	PULP: ['木浆', 'Pulp'],
	CHEMICALS: ['造纸化学品', 'Papermaking chemicals'],
	ENERGY: ['能源', 'Energy'],
	CORRUGATING_MEDIUM: ['瓦楞原纸', 'Corrugating medium'],
	HIGH_STRENGTH_CORRUGATING: ['高强瓦楞纸', 'High-strength corrugating'],
	LINERBOARD: ['箱板纸', 'Linerboard'],
	KRAFT: ['牛皮纸', 'Kraft paper'],
	COATED_DUPLEX: ['白板纸', 'Coated duplex board'],
	TISSUE_PARENT_ROLL: ['生活用纸原纸', 'Tissue parent rolls'],
	CORRUGATED_BOARD: ['瓦楞纸板', 'Corrugated board'],
	CORRUGATED_BOX: ['纸箱', 'Corrugated boxes'],
	PAPER_MACHINERY: ['造纸设备', 'Paper machinery'],
	MAINTENANCE: ['设备维修', 'Maintenance'],
	LOGISTICS: ['物流', 'Logistics'],
	EXPANSION: ['扩建', 'Expansion'],
	RENOVATION: ['技改', 'Renovation'],
	SHUTDOWN: ['停产', 'Shutdown'],
	RECTIFICATION: ['整改', 'Rectification'],
	CORRECTION: ['更正', 'Correction'],
	PLANNED: ['计划', 'Planned'],
	APPROVED: ['已批复', 'Approved'],
	UNDER_CONSTRUCTION: ['在建', 'Under construction'],
	COMPLETED: ['已建成', 'Completed'],
	IN_PRODUCTION: ['已投产', 'In production'],
	SUSPENDED: ['暂停', 'Suspended'],
	ZHENGZHOU: ['郑州市重点项目', 'Zhengzhou key project'],
	XINMI: ['新密市重点项目', 'Xinmi key project'],
	NONE: ['非重点项目', 'Not a key project'],
	OFFER: ['供应', 'Offer'],
	NEED: ['求购', 'Need'],
	TONNE: ['吨', 't'],
	TEN_THOUSAND_PIECES: ['万只', '10k pcs'],
	SET: ['台', 'sets'],
	SERVICE: ['次', 'services'],
	PENDING: ['待审核', 'Pending'],
	ACTIVE: ['正常', 'Active'],
	REJECTED: ['已驳回', 'Rejected'],
	MEMBER: ['成员', 'Member'],
	PILLAR_LEAD: ['板块牵头企业', 'Pillar lead'],
	UPSTREAM: ['上游', 'Upstream'],
	DOWNSTREAM: ['下游', 'Downstream'],
	OPEN: ['有效', 'Open'],
	CLOSED: ['已关闭', 'Closed'],
	EXPIRED: ['已过期', 'Expired'],
	NORMAL: ['普通', 'Normal'],
	URGENT: ['紧急', 'Urgent'],
	ALL: ['全体成员', 'All members'],
	PILLARS: ['按板块', 'By pillar'],
	MEMBERS: ['指定企业', 'Chosen members'],
	SECRETARIAT: ['联盟秘书处', 'Secretariat'],
	PARTY_COMMITTEE: ['联盟党委', 'Party committee'],
	ADMIN: ['管理员', 'Administrator'],
};

export function codeName(code) {
	const names = CODES[code];
	return names ? L(names[0], names[1]) : code;
}

export const PILLARS = ['PAPERMAKING', 'EQUIPMENT', 'PACKAGING_PRINTING', 'SUPPORTING'];

export const CATEGORIES = ['WASTE_PAPER', 'PULP', 'CHEMICALS', 'ENERGY', 'CORRUGATING_MEDIUM',
	'HIGH_STRENGTH_CORRUGATING', 'LINERBOARD', 'KRAFT', 'COATED_DUPLEX', 'TISSUE_PARENT_ROLL', 'CORRUGATED_BOARD',
	'CORRUGATED_BOX', 'PACKAGING_PRINTING', 'PAPER_MACHINERY', 'MAINTENANCE', 'LOGISTICS'];

export const RENOVATION_STATUSES = ['PLANNED', 'APPROVED', 'UNDER_CONSTRUCTION', 'COMPLETED', 'IN_PRODUCTION', 'SUSPENDED'];
