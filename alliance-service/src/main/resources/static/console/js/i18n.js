// The console's language: Simplified Chinese unless the reader chose English. Static text is
// written in Chinese in the page, with its English in a data-en attribute; text made by the
// scripts is written L('中文', 'English'). The API answers in the same language (Accept-Language).
import { CODES } from './codes.js';

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


// Codes are upper-case English in the API; people read their names, which alliance-service
// serves from its one vocabulary file as codes.js.
export function codeName(code) {
	const names = CODES[code];
	return names ? L(names[0], names[1]) : code;
}

export const PILLARS = ['PAPERMAKING', 'EQUIPMENT', 'PACKAGING_PRINTING', 'SUPPORTING'];

export const CATEGORIES = ['WASTE_PAPER', 'PULP', 'CHEMICALS', 'ENERGY', 'CORRUGATING_MEDIUM',
	'HIGH_STRENGTH_CORRUGATING', 'LINERBOARD', 'KRAFT', 'COATED_DUPLEX', 'TISSUE_PARENT_ROLL', 'CORRUGATED_BOARD',
	'CORRUGATED_BOX', 'PACKAGING_PRINTING', 'PAPER_MACHINERY', 'MAINTENANCE', 'LOGISTICS'];

export const RENOVATION_STATUSES = ['PLANNED', 'APPROVED', 'UNDER_CONSTRUCTION', 'COMPLETED', 'IN_PRODUCTION', 'SUSPENDED'];
