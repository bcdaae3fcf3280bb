package org.paperlink.testsupport;

import java.util.List;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.paperlink.events.CodeNames;

/**
 * Finds the codes people would read without a name: every constant of every enum in the
 * given packages' production classes must have both names in {@link CodeNames}, except
 * the enums a service keeps to itself, which the caller names with its reason.
 */
public final class CodeNamesCheck {

	private CodeNamesCheck() {
	}

	/** {@code Enum.CONSTANT} for each constant without a Chinese and an English name. */
	public static List<String> unnamedCodes(Set<String> internalEnums, String... packages) {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(packages)
			.stream()
			.filter(JavaClass::isEnum)
			.filter((type) -> !internalEnums.contains(type.getName()))
			.flatMap((type) -> type.getEnumConstants()
				.stream()
				.filter((constant) -> CodeNames.find(constant.name())
					.filter((names) -> !names.zh().isBlank() && !names.en().isBlank())
					.isEmpty())
				.map((constant) -> type.getSimpleName() + "." + constant.name()))
			.sorted()
			.toList();
	}

}
