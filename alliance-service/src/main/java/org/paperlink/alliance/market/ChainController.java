package org.paperlink.alliance.market;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberDirectory;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.events.Category;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "供需对接 Market")
class ChainController {

	private final ChainTaxonomy taxonomy;

	private final MemberRepository members;

	private final MemberDirectory directory;

	ChainController(ChainTaxonomy taxonomy, MemberRepository members, MemberDirectory directory) {
		this.taxonomy = taxonomy;
		this.members = members;
		this.directory = directory;
	}

	@GetMapping("/api/v1/market/taxonomy")
	@Operation(summary = "产业链分类 The chain taxonomy",
			description = "Each category with its Chinese name, units, grades, the categories it feeds and its substitutes.")
	Map<String, CategoryView> taxonomy() {
		Map<String, CategoryView> categories = new TreeMap<>();
		this.taxonomy.categories()
			.forEach((category, node) -> categories.put(category.name(),
					new CategoryView(category.nameZh(), node.units().stream().map(Unit::name).toList(), node.grades(),
							node.feeds().stream().map(Category::name).toList(),
							this.taxonomy.compatible(category)
								.stream()
								.filter((other) -> other != category)
								.map(Category::name)
								.toList())));
		return categories;
	}

	@GetMapping("/api/v1/market/chain")
	@Operation(summary = "我的上下游 The caller's upstream and downstream",
			description = "MEMBER. What the enterprise buys and sells, the members that sell what it buys (upstream) "
					+ "and those that buy what it sells (downstream).")
	Mono<ChainView> chain() {
		return SignedInUser.current().flatMap(this.directory::enterpriseOf).flatMap((me) -> {
			ChainPosition position = ChainPosition.of(me, this.taxonomy);
			return this.members.activeByName()
				.filter((other) -> !other.id().equals(me.id()))
				.collectList()
				.map((others) -> new ChainView(codes(position.inputs()), codes(position.outputs()),
						neighbours(others, position.inputs(), true), neighbours(others, position.outputs(), false)));
		});
	}

	/** Sellers of the given categories, or buyers of them. */
	private List<Neighbour> neighbours(List<Member> others, Set<Category> categories, boolean sellers) {
		return others.stream().map((other) -> {
			ChainPosition theirs = ChainPosition.of(other, this.taxonomy);
			Set<Category> trade = sellers ? theirs.outputs() : theirs.inputs();
			List<String> shared = categories.stream().filter(trade::contains).map(Category::name).toList();
			return new Neighbour(other.id(), other.enterpriseName(), other.pillar(), shared);
		}).filter((neighbour) -> !neighbour.categories().isEmpty()).toList();
	}

	private static List<String> codes(Set<Category> categories) {
		return categories.stream().map(Category::name).toList();
	}

	record CategoryView(String name, List<String> units, List<String> grades, List<String> feeds,
			List<String> substitutes) {

	}

	record ChainView(List<String> buys, List<String> sells, List<Neighbour> upstream, List<Neighbour> downstream) {

	}

	/**
	 * @param categories what is traded between the two
	 */
	record Neighbour(String memberId, String enterpriseName, String pillar, List<String> categories) {

	}

}
