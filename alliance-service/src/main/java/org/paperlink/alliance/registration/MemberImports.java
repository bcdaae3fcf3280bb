package org.paperlink.alliance.registration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.validation.Validator;
import org.bson.types.ObjectId;
import org.paperlink.alliance.member.ContactRequest;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.alliance.security.AccountService;
import org.paperlink.alliance.security.InitialPasswords;
import org.paperlink.alliance.structure.Pillar;
import org.paperlink.events.Category;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.FieldErrorMessages;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.MessageSource;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Bulk import of members from the secretariat's roster: a preview that checks every row
 * as a self-registration would be checked, then, on confirmation, each valid row is
 * registered and approved exactly as if the enterprise had applied itself, with the same
 * events. A row that fails at confirmation (its USCC taken meanwhile) is reported, and
 * the others go on.
 */
@Service
class MemberImports {

	static final Duration PREVIEW_LIFETIME = Duration.ofHours(1);

	private static final Pattern LIST_SEPARATORS = Pattern.compile("[、,，;；/\\s]+");

	/**
	 * Stands in for the password while a row is checked: the real one is made at
	 * confirmation.
	 */
	private static final String CHECKED_PASSWORD = "Placeholder2026";

	private final ReactiveMongoTemplate mongo;

	private final MemberRepository members;

	private final RegistrationService registrations;

	private final AggregateStore store;

	private final AccountService accounts;

	private final SpringValidatorAdapter validator;

	private final MessageSource messages;

	private final Clock clock;

	MemberImports(ReactiveMongoTemplate mongo, MemberRepository members, RegistrationService registrations,
			AggregateStore store, AccountService accounts, Validator validator, MessageSource messages, Clock clock) {
		this.mongo = mongo;
		this.members = members;
		this.registrations = registrations;
		this.store = store;
		this.accounts = accounts;
		this.validator = new SpringValidatorAdapter(validator);
		this.messages = messages;
		this.clock = clock;
	}

	Mono<MemberImport> preview(String fileName, byte[] content, SignedInUser secretary, Locale locale) {
		Instant now = this.clock.instant();
		// reading a workbook is CPU work: keep it off the event loop
		return Mono.fromCallable(() -> RosterFile.read(fileName, content))
			.subscribeOn(Schedulers.boundedElastic())
			.map((lines) -> lines.stream().map((line) -> check(line, locale)).toList())
			.flatMap((rows) -> markTaken(rows, locale))
			.map((rows) -> new MemberImport(new ObjectId().toHexString(), fileName, secretary.username(), now,
					now.plus(PREVIEW_LIFETIME), MemberImport.Status.PREVIEW, rows, List.of(), 0))
			.flatMap((preview) -> this.mongo
				.remove(Query.query(Criteria.where("expiresAt").lt(now).and("status").is(MemberImport.Status.PREVIEW)),
						MemberImport.class)
				.then(this.store.insertAudited(preview, "roster-previewed",
						Map.of("fileName", fileName, "rows", preview.rows().size()))));
	}

	/**
	 * The confirmed rows with the initial password of each new account, shown only here.
	 * Each row's outcome is recorded on the import as soon as its member exists. If the
	 * store fails part-way, the preview goes back to PREVIEW with those outcomes, and
	 * confirming it again creates the rest and gives the members created the first time a
	 * new initial password, since theirs was never shown, unless one changed it since.
	 */
	Mono<Confirmation> confirm(String id, SignedInUser secretary, Locale locale) {
		return this.mongo.findById(id, MemberImport.class)
			.filter((found) -> found.expiresAt().isAfter(this.clock.instant()))
			.filter((found) -> found.status() == MemberImport.Status.PREVIEW)
			.switchIfEmpty(Mono.defer(() -> previewGone(id).flatMap(Mono::error)))
			.flatMap((found) -> this.store.update(found, found.confirming())
				.onErrorMap(Refusal.class, (refusal) -> Refusal.conflict("import-confirmed", id)))
			.flatMap((claimed) -> {
				// the import as last written: each created row is recorded on it in turn
				AtomicReference<MemberImport> current = new AtomicReference<>(claimed);
				return Flux.fromIterable(claimed.rows())
					.filter(MemberImport.Row::valid)
					.concatMap((row) -> claimed.createdBefore(row.row())
						.map((earlier) -> recovered(row, earlier))
						.orElseGet(() -> create(row, secretary, locale))
						.flatMap((created) -> (created.outcome().memberId() == null) ? Mono.just(created)
								: this.store.update(current.get(), current.get().recorded(created.outcome()))
									.doOnNext(current::set)
									.thenReturn(created)))
					.collectList()
					.onErrorResume(
							(ex) -> this.store.update(current.get(), current.get().interrupted()).then(Mono.error(ex)))
					.flatMap((created) -> this.store
						.update(current.get(),
								current.get()
									.confirmed(created.stream().map(ImportedRow::outcome).toList(),
											secretary.username(), this.clock.instant()))
						.thenReturn(new Confirmation(id, created)));
			});
	}

	/**
	 * A row an interrupted confirmation created already: its member gets a new initial
	 * password, shown now, unless it has changed the first one since (then it may have
	 * been seen after all, and the member keeps the password it chose; no password
	 * shown).
	 */
	private Mono<ImportedRow> recovered(MemberImport.Row row, MemberImport.Outcome earlier) {
		String password = InitialPasswords.next();
		return this.accounts.resetInitialPassword(earlier.memberId(), password)
			.map((username) -> new ImportedRow(earlier, password))
			.switchIfEmpty(Mono.fromSupplier(() -> new ImportedRow(earlier, null)));
	}

	/** Unknown, expired, or confirmed already. */
	private Mono<Refusal> previewGone(String id) {
		return this.mongo
			.exists(Query.query(Criteria.where("_id").is(id).and("status").is(MemberImport.Status.CONFIRMED)),
					MemberImport.class)
			.map((confirmed) -> confirmed ? Refusal.conflict("import-confirmed", id)
					: Refusal.notFound("import-not-found", id));
	}

	private Mono<ImportedRow> create(MemberImport.Row row, SignedInUser secretary, Locale locale) {
		String password = InitialPasswords.next();
		RegistrationRequest application = row.application().withPassword(password);
		return this.registrations.register(application, secretary.username())
			.flatMap((member) -> this.registrations.approve(member.id(), new Decisions.Approval(null, null), secretary))
			.map((member) -> new ImportedRow(new MemberImport.Outcome(row.row(), application.enterpriseName(),
					member.id(), application.username(), null), password))
			.onErrorResume(Refusal.class,
					(refusal) -> Mono.just(refused(row, application, DomainProblem.of(refusal), locale)))
			.onErrorResume(DomainProblem.class, (problem) -> Mono.just(refused(row, application, problem, locale)));
	}

	/**
	 * A row the rules refused: reported with the problem's text in the caller's language.
	 */
	private ImportedRow refused(MemberImport.Row row, RegistrationRequest application, DomainProblem problem,
			Locale locale) {
		return new ImportedRow(new MemberImport.Outcome(row.row(), application.enterpriseName(), null,
				application.username(), problem.updateAndGetBody(this.messages, locale).getDetail()), null);
	}

	private MemberImport.Row check(RosterFile.Line line, Locale locale) {
		List<MemberImport.RowError> errors = new ArrayList<>();
		Long capacity = null;
		String capacityText = line.get(RosterColumn.CAPACITY);
		if (capacityText != null) {
			try {
				capacity = Long.valueOf(capacityText.replace(",", "").replace("，", ""));
			}
			catch (NumberFormatException ex) {
				errors.add(error("annualCapacityTonnes", message("import.not-a-number", locale, capacityText)));
			}
		}
		RegistrationRequest application = new RegistrationRequest(line.get(RosterColumn.ENTERPRISE_NAME),
				line.get(RosterColumn.USCC), code(line.get(RosterColumn.PILLAR), Pillar.values(), Pillar::nameZh),
				categories(line.get(RosterColumn.PRODUCES)), categories(line.get(RosterColumn.CONSUMES)), capacity,
				new ContactRequest(line.get(RosterColumn.CONTACT_NAME), line.get(RosterColumn.CONTACT_PHONE),
						line.get(RosterColumn.CONTACT_EMAIL)),
				line.get(RosterColumn.VILLAGE), line.get(RosterColumn.ADDRESS), line.get(RosterColumn.USERNAME),
				CHECKED_PASSWORD);
		BeanPropertyBindingResult violations = new BeanPropertyBindingResult(application, "application");
		this.validator.validate(application, violations);
		boolean capacityUnreadable = !errors.isEmpty();
		violations.getFieldErrors()
			.stream()
			.filter((violation) -> !(capacityUnreadable && violation.getField().equals("annualCapacityTonnes")))
			.forEach((violation) -> errors
				.add(error(violation.getField(), FieldErrorMessages.of(violation, this.messages, locale))));
		return new MemberImport.Row(line.row(), application.withPassword(null), errors);
	}

	/** USCCs and usernames already taken in the alliance, or twice in the file. */
	private Mono<List<MemberImport.Row>> markTaken(List<MemberImport.Row> rows, Locale locale) {
		Set<String> usccs = rows.stream()
			.map((row) -> row.application().uscc())
			.filter((uscc) -> uscc != null)
			.collect(Collectors.toSet());
		Mono<Set<String>> takenUsccs = this.members.holdingUscc(usccs)
			.mapNotNull(Member::usccKey)
			.collect(Collectors.toSet());
		Mono<Set<String>> takenUsernames = Flux.fromIterable(rows)
			.mapNotNull((row) -> row.application().username())
			.distinct()
			.concatMap(
					(username) -> this.accounts.exists(username).filter(Boolean::booleanValue).map((taken) -> username))
			.collect(Collectors.toSet());
		return Mono.zip(takenUsccs, takenUsernames).map((taken) -> {
			Map<String, Integer> firstUscc = new HashMap<>();
			Map<String, Integer> firstUsername = new HashMap<>();
			return rows.stream().map((row) -> {
				List<MemberImport.RowError> errors = new ArrayList<>(row.errors());
				String uscc = row.application().uscc();
				String username = row.application().username();
				if (uscc != null && taken.getT1().contains(uscc)) {
					errors.add(error("uscc", message("problem.uscc-taken.detail", locale, uscc)));
				}
				else if (uscc != null && firstUscc.putIfAbsent(uscc, row.row()) != null) {
					errors.add(error("uscc", message("import.repeated", locale, firstUscc.get(uscc))));
				}
				if (username != null && taken.getT2().contains(username)) {
					errors.add(error("username", message("problem.username-taken.detail", locale)));
				}
				else if (username != null && firstUsername.putIfAbsent(username, row.row()) != null) {
					errors.add(error("username", message("import.repeated", locale, firstUsername.get(username))));
				}
				return new MemberImport.Row(row.row(), row.application(), errors);
			}).toList();
		});
	}

	private MemberImport.RowError error(String field, String message) {
		return new MemberImport.RowError(field, RosterColumn.ofField(field).map(RosterColumn::header).orElse(field),
				message);
	}

	private String message(String code, Locale locale, Object... arguments) {
		return this.messages.getMessage(code, arguments, locale);
	}

	/** A pillar or category as the roster writes it: its code, or its Chinese name. */
	private static <E extends Enum<E>> String code(String text, E[] values, Function<E, String> nameZh) {
		if (text == null) {
			return null;
		}
		return Arrays.stream(values)
			.filter((value) -> nameZh.apply(value).equals(text))
			.map(Enum::name)
			.findFirst()
			.orElse(text.toUpperCase(Locale.ROOT));
	}

	private static List<String> categories(String text) {
		if (text == null) {
			return List.of();
		}
		return LIST_SEPARATORS.splitAsStream(text)
			.filter((part) -> !part.isBlank())
			.map((part) -> code(part, Category.values(), Category::nameZh))
			.toList();
	}

	/**
	 * The confirmed import: every row's outcome and, for each new account, its initial
	 * password.
	 */
	record Confirmation(String id, List<ImportedRow> rows) {

	}

	record ImportedRow(MemberImport.Outcome outcome, String initialPassword) {

	}

}
