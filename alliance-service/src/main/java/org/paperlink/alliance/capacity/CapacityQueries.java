package org.paperlink.alliance.capacity;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.paperlink.alliance.member.CapacityEntry;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.structure.Pillar;
import org.paperlink.events.Category;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Service;

/** Reads capacity: the alliance summary and one member's history. */
@Service
class CapacityQueries {

	private final MemberRepository members;

	private final CapacityHistory history;

	CapacityQueries(MemberRepository members, CapacityHistory history) {
		this.members = members;
		this.history = history;
	}

	Mono<CapacitySummary> summary(LocalDate since) {
		Mono<List<CapacityEntry>> reportedSince = this.history.all(Criteria.where("effectiveFrom").gte(since))
			.collectList();
		return Mono.zip(this.members.active().collectList(), reportedSince).map((both) -> {
			List<Member> active = both.getT1();
			Set<String> activeIds = active.stream().map(Member::id).collect(Collectors.toSet());
			List<CapacitySummary.ByCategory> byCategory = Arrays.stream(Category.values()).map((category) -> {
				List<Long> figures = active.stream()
					.map((member) -> member.capacitiesByCategory().getOrDefault(category.name(), 0L))
					.filter((tonnes) -> tonnes > 0)
					.toList();
				return new CapacitySummary.ByCategory(category.name(), category.nameZh(),
						figures.stream().mapToLong(Long::longValue).sum(), figures.size());
			}).filter((row) -> row.tonnes() > 0).toList();
			List<CapacitySummary.ByPillar> byPillar = Arrays.stream(Pillar.values()).map((pillar) -> {
				List<Member> inPillar = active.stream()
					.filter((member) -> pillar.name().equals(member.pillar()))
					.toList();
				return new CapacitySummary.ByPillar(pillar.name(), pillar.nameZh(),
						inPillar.stream().mapToLong(Member::totalCapacityTonnes).sum(), inPillar.size());
			}).toList();
			List<CapacityEntry> sinceThen = both.getT2()
				.stream()
				.filter((entry) -> activeIds.contains(entry.memberId()))
				.toList();
			return new CapacitySummary(active.stream().mapToLong(Member::totalCapacityTonnes).sum(), byCategory,
					byPillar, since,
					sinceThen.stream().mapToLong(CapacityEntry::changeTonnes).filter((change) -> change > 0).sum(),
					sinceThen.stream().mapToLong(CapacityEntry::changeTonnes).sum(), sinceThen.size(),
					byYear(sinceThen));
		});
	}

	private static List<CapacitySummary.ByYear> byYear(List<CapacityEntry> entries) {
		Map<Integer, List<CapacityEntry>> byYear = entries.stream()
			.collect(Collectors.groupingBy((entry) -> entry.effectiveFrom().getYear(), TreeMap::new,
					Collectors.toList()));
		return byYear.entrySet()
			.stream()
			.map((year) -> new CapacitySummary.ByYear(year.getKey(),
					year.getValue()
						.stream()
						.mapToLong(CapacityEntry::changeTonnes)
						.filter((change) -> change > 0)
						.sum(),
					year.getValue().stream().mapToLong(CapacityEntry::changeTonnes).sum(), year.getValue().size()))
			.toList();
	}

	/** A member's capacity reports, oldest first, for charting capacity over time. */
	Mono<List<CapacityEntry>> history(String memberId) {
		return this.members.existing(memberId).flatMap((member) -> this.history.of(memberId));
	}

}
