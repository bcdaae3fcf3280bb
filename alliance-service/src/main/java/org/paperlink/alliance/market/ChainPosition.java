package org.paperlink.alliance.market;

import java.util.Set;

import org.paperlink.alliance.member.Member;
import org.paperlink.events.Category;
import org.paperlink.events.AllianceEvent;
import org.paperlink.events.ListingPublished;
import org.paperlink.events.MatchFound;

/**
 * Where an enterprise sits in the chain: what it buys (its inputs) and what it sells (its
 * outputs). Its upstream offer its inputs; its downstream need its outputs.
 */
record ChainPosition(String memberId, Set<Category> inputs, Set<Category> outputs) {

	enum Relation {

		/** An offer of something it buys. */
		UPSTREAM,

		/** A need for something it sells. */
		DOWNSTREAM

	}

	static ChainPosition of(Member member, ChainTaxonomy taxonomy) {
		return new ChainPosition(member.id(), taxonomy.inputsOf(member.consumes(), member.produces()),
				taxonomy.outputsOf(member.produces()));
	}

	/** How another enterprise's listing relates to this one, or null if it does not. */
	Relation relationTo(ListingPublished listing, ChainTaxonomy taxonomy) {
		if (listing.memberId().equals(this.memberId)) {
			return null;
		}
		Set<Category> compatible = taxonomy.compatible(Category.valueOf(listing.category()));
		if (Side.OFFER.name().equals(listing.side()) && compatible.stream().anyMatch(this.inputs::contains)) {
			return Relation.UPSTREAM;
		}
		if (Side.NEED.name().equals(listing.side()) && compatible.stream().anyMatch(this.outputs::contains)) {
			return Relation.DOWNSTREAM;
		}
		return null;
	}

	/** New listings up- or downstream of it, and matches of its own listings. */
	boolean concerns(AllianceEvent event, ChainTaxonomy taxonomy) {
		if (event instanceof ListingPublished listing) {
			return relationTo(listing, taxonomy) != null;
		}
		if (event instanceof MatchFound match) {
			return this.memberId.equals(match.needMemberId()) || this.memberId.equals(match.offerMemberId());
		}
		return false;
	}

}
