package org.paperlink.notification;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Package by feature, without tangles: a feature may use another, never in a circle. */
@AnalyzeClasses(packages = "org.paperlink.notification", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule featuresDoNotDependOnEachOtherInCycles = slices().matching("org.paperlink.notification.(*)..")
		.should()
		.beFreeOfCycles();

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

}
