package org.paperlink.alliance.registration;

import java.util.Arrays;
import java.util.Optional;

/**
 * The columns of the member roster: what the export writes and what a bulk import reads,
 * so that an exported roster is also an import template. {@code field} is the
 * application's field a column fills, as validation errors name it.
 */
enum RosterColumn {

	ENTERPRISE_NAME("企业名称", "enterpriseName", true), USCC("统一社会信用代码", "uscc", true), PILLAR("板块", "pillar", true),
	PRODUCES("主要产品", "produces", true), CONSUMES("主要原料", "consumes", false),
	CAPACITY("年产能（吨）", "annualCapacityTonnes", true), CONTACT_NAME("联系人", "contact.name", true),
	CONTACT_PHONE("手机", "contact.phone", true), CONTACT_EMAIL("邮箱", "contact.email", false),
	VILLAGE("村（社区）", "village", false), ADDRESS("地址", "address", false), USERNAME("用户名", "username", true);

	private final String header;

	private final String field;

	private final boolean required;

	RosterColumn(String header, String field, boolean required) {
		this.header = header;
		this.field = field;
		this.required = required;
	}

	String header() {
		return this.header;
	}

	boolean required() {
		return this.required;
	}

	/**
	 * The column of a field error; errors of a list element ({@code produces[1]}) too.
	 */
	static Optional<RosterColumn> ofField(String field) {
		String plain = field.replaceAll("\\[\\d+]", "");
		return Arrays.stream(values()).filter((column) -> column.field.equals(plain)).findFirst();
	}

	static Optional<RosterColumn> ofHeader(String header) {
		String plain = header.strip().replace('(', '（').replace(')', '）');
		return Arrays.stream(values()).filter((column) -> column.header.equals(plain)).findFirst();
	}

}
