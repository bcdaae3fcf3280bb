package org.paperlink.alliance.capacity;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.paperlink.alliance.export.Spreadsheet;
import org.paperlink.alliance.member.CapacityEntry;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.structure.Pillar;
import org.paperlink.events.Category;
import org.paperlink.events.CodeNames;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The capacity workbook the staff download: one sheet of today's capacity per member and
 * product, one of every member's reports.
 */
@Component
class CapacityExport {

	private final MemberRepository members;

	private final CapacityHistory history;

	CapacityExport(MemberRepository members, CapacityHistory history) {
		this.members = members;
		this.history = history;
	}

	Mono<ResponseEntity<byte[]>> workbook() {
		Mono<List<Member>> active = this.members.active()
			.sort(Comparator.comparing(Member::pillar).thenComparing(Member::enterpriseName))
			.collectList();
		return Mono.zip(active, this.history.all(new Criteria()).collectMultimap(CapacityEntry::memberId))
			.flatMap((both) -> workbook(both.getT1(), both.getT2()));
	}

	private static Mono<ResponseEntity<byte[]>> workbook(List<Member> members,
			Map<String, Collection<CapacityEntry>> reports) {
		return new Spreadsheet()
			.sheet("产能表", List.of("企业名称", "统一社会信用代码", "板块", "产品类别", "年产能（吨）", "示例数据"),
					members.stream().flatMap(CapacityExport::capacityRows).toList())
			.sheet("产能变动记录", List.of("企业名称", "产品类别", "原产能（吨/年）", "新产能（吨/年）", "变动（吨/年）", "生效日期", "原因", "填报人"),
					members.stream()
						.flatMap((member) -> reports.getOrDefault(member.id(), List.of())
							.stream()
							.map((entry) -> List.<Object>of(member.enterpriseName(),
									Category.valueOf(entry.category()).nameZh(), entry.previousAnnualTonnes(),
									entry.annualTonnes(), entry.changeTonnes(), entry.effectiveFrom().toString(),
									CodeNames.zh(entry.reason()), entry.reportedBy())))
						.toList())
			.download("纸联-产能表.xlsx");
	}

	/**
	 * One row per product; a member without capacity (equipment, services) still gets its
	 * row.
	 */
	private static Stream<List<Object>> capacityRows(Member member) {
		if (member.capacitiesByCategory().isEmpty()) {
			return Stream.of(List.of(member.enterpriseName(), member.uscc(), Pillar.valueOf(member.pillar()).nameZh(),
					"—", 0, member.sample() ? "是" : "否"));
		}
		return member.capacitiesByCategory()
			.entrySet()
			.stream()
			.map((capacity) -> List.<Object>of(member.enterpriseName(), member.uscc(),
					Pillar.valueOf(member.pillar()).nameZh(), Category.valueOf(capacity.getKey()).nameZh(),
					capacity.getValue(), member.sample() ? "是" : "否"));
	}

}
