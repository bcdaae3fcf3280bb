// Figures as people here write them: 25万吨/年, 2.6亿元 (the same rules as notification-service's ChineseUnits).
import { isEnglish } from './i18n.js';

const WAN = 10_000;
const YI = 100_000_000;

function decimal(value, unit) {
	return String(Math.round((value / unit) * 100) / 100);
}

function scaled(value) {
	return Math.abs(value) >= WAN ? decimal(value, WAN) + '万' : String(value);
}

export function tonnesPerYear(tonnes) {
	if (tonnes == null) {
		return '—';
	}
	return isEnglish ? `${Number(tonnes).toLocaleString('en')} t/yr` : scaled(tonnes) + '吨/年';
}

export function tonnesChange(tonnes) {
	return (tonnes > 0 ? '+' : '') + tonnesPerYear(tonnes);
}

/** A member's capacity over all its products (its `capacities` by category). */
export function totalTonnes(capacities) {
	return Object.values(capacities ?? {}).reduce((sum, tonnes) => sum + tonnes, 0);
}

/** 万吨 as a plain number for chart axes. */
export function inWan(tonnes) {
	return Math.round((tonnes / WAN) * 100) / 100;
}

export function yuan(amount) {
	if (amount == null) {
		return '—';
	}
	if (isEnglish) {
		return amount >= 1_000_000 ? `CNY ${Math.round(amount / 10_000) / 100} million` : `CNY ${amount.toLocaleString('en')}`;
	}
	return Math.abs(amount) >= YI ? decimal(amount, YI) + '亿元' : scaled(amount) + '元';
}

export function quantity(amount, unitName) {
	return isEnglish ? `${Number(amount).toLocaleString('en')} ${unitName}` : `${scaled(amount)}${unitName}`;
}

export function dateTime(instant) {
	if (!instant) {
		return '';
	}
	return new Date(instant).toLocaleString(isEnglish ? 'en-GB' : 'zh-CN', { hour12: false });
}

export function date(text) {
	return text || '';
}

/** Today in China, as the API's dates are written (yyyy-MM-dd). */
export function today(offsetDays = 0) {
	const shanghai = new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000);
	return shanghai.toISOString().slice(0, 10);
}
