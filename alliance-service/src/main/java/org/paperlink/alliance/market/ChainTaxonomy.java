package org.paperlink.alliance.market;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.paperlink.events.Category;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The papermaking chain, from {@code market-taxonomy.yml}: what each category is listed
 * in, which categories it feeds, and which can stand in for it.
 *
 * @param town the town whose villages count as "same town" when scoring distance
 * @param villages the villages of that town
 */
@ConfigurationProperties("paperlink.market.taxonomy")
public record ChainTaxonomy(String town, List<String> villages, Map<Category, Node> categories) {

	public ChainTaxonomy {
		Set<Category> missing = EnumSet.allOf(Category.class);
		missing.removeAll(categories.keySet());
		if (!missing.isEmpty()) {
			throw new IllegalStateException("market-taxonomy.yml lacks the categories " + missing);
		}
	}

	/**
	 * @param units the units a listing of this category may use
	 * @param grades grades or specs; a listing's spec must be one of them when non-empty
	 * @param feeds the categories made from this one (its downstream)
	 * @param substitutes categories that can stand in for this one
	 */
	public record Node(List<Unit> units, List<String> grades, List<Category> feeds, List<Category> substitutes) {

		public Node {
			units = (units != null) ? List.copyOf(units) : List.of();
			grades = (grades != null) ? List.copyOf(grades) : List.of();
			feeds = (feeds != null) ? List.copyOf(feeds) : List.of();
			substitutes = (substitutes != null) ? List.copyOf(substitutes) : List.of();
		}

	}

	public Node node(Category category) {
		return this.categories.get(category);
	}

	/** The category itself and those that can stand in for it, either way round. */
	public Set<Category> compatible(Category category) {
		Set<Category> compatible = EnumSet.of(category);
		compatible.addAll(node(category).substitutes());
		this.categories.forEach((other, node) -> {
			if (node.substitutes().contains(category)) {
				compatible.add(other);
			}
		});
		return compatible;
	}

	/**
	 * What an enterprise buys: what it says it consumes, and whatever feeds what it
	 * produces.
	 */
	public Set<Category> inputsOf(List<String> consumes, List<String> produces) {
		Set<Category> inputs = EnumSet.noneOf(Category.class);
		codes(consumes).forEach(inputs::add);
		Set<Category> outputs = outputsOf(produces);
		this.categories.forEach((category, node) -> {
			if (node.feeds().stream().anyMatch(outputs::contains)) {
				inputs.add(category);
			}
		});
		return inputs;
	}

	public Set<Category> outputsOf(List<String> produces) {
		Set<Category> outputs = EnumSet.noneOf(Category.class);
		codes(produces).forEach(outputs::add);
		return outputs;
	}

	/** The grade a spec names, in the taxonomy's spelling; empty if it names none. */
	public Optional<String> grade(Category category, String spec) {
		String wanted = normalized(spec);
		return node(category).grades().stream().filter((grade) -> normalized(grade).equals(wanted)).findFirst();
	}

	public boolean inTown(String region) {
		return region != null && (region.equals(this.town) || this.villages.contains(region));
	}

	static String normalized(String text) {
		return (text != null) ? text.replaceAll("\\s+", "").toUpperCase(Locale.ROOT) : "";
	}

	private static List<Category> codes(List<String> codes) {
		return (codes != null) ? codes.stream().map(Category::valueOf).toList() : List.of();
	}

}
