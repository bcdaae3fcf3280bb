package org.paperlink.alliance;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.paperlink.alliance.domain.Aggregate;
import org.paperlink.alliance.member.CapacityReport;
import org.paperlink.alliance.member.Contact;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.member.RenovationProject;
import org.paperlink.alliance.member.Tier;

import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Package by feature, without tangles: a feature may use another, never in a circle. The
 * domain (aggregates, their rules and what they decide) knows nothing of Spring, the
 * store or the web, so that its rules are tested on their own.
 */
@AnalyzeClasses(packages = "org.paperlink.alliance", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule featuresDoNotDependOnEachOtherInCycles = slices().matching("org.paperlink.alliance.(*)..")
		.should()
		.beFreeOfCycles();

	private static final DescribedPredicate<JavaClass> DOMAIN = JavaClass.Predicates
		.resideInAPackage("org.paperlink.alliance.domain..")
		.or(JavaClass.Predicates.implement(Aggregate.class))
		.or(JavaClass.Predicates.simpleNameEndingWith("Rules"))
		.or(JavaClass.Predicates.belongToAnyOf(CapacityReport.class, RenovationProject.class, Contact.class, Tier.class,
				MemberStatus.class))
		.as("the domain: aggregates, their rules and what they decide");

	@ArchTest
	static final ArchRule theDomainKnowsNothingOfSpringTheStoreOrTheWeb = noClasses().that(DOMAIN)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..", "reactor..", "jakarta.servlet..",
				"io.swagger..", "tools.jackson..");

	@ArchTest
	static final ArchRule controllersStayInsideTheirFeature = classes().that()
		.areAnnotatedWith(RestController.class)
		.should()
		.notBePublic();

	/** A controller reads and writes through its feature's services and repositories. */
	@ArchTest
	static final ArchRule controllersHoldNoTemplate = noClasses().that()
		.areAnnotatedWith(RestController.class)
		.should()
		.dependOnClassesThat()
		.areAssignableTo(ReactiveMongoOperations.class);

	/**
	 * An aggregate changes only through its store: no class outside it builds a raw
	 * update. The exceptions write records that are not aggregates (accounts and their
	 * sign-in state, refresh tokens), or are the start-up migration that moves the old
	 * embedded capacity history out of member documents.
	 */
	@ArchTest
	static final ArchRule onlyTheStoreWritesRawUpdates = noClasses().that()
		.resideOutsideOfPackage("org.paperlink.alliance.outbox..")
		.and()
		.doNotHaveSimpleName("AccountService")
		.and()
		.doNotHaveSimpleName("LoginAttempts")
		.and()
		.doNotHaveSimpleName("RefreshTokens")
		.and()
		.doNotHaveSimpleName("HistoryMigration")
		.should()
		.dependOnClassesThat()
		.areAssignableTo(Update.class);

}
