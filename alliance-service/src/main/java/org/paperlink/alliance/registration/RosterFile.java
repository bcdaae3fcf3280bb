package org.paperlink.alliance.registration;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.paperlink.platform.DomainProblem;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

import org.springframework.http.HttpStatus;

/**
 * A roster file as the secretariat keeps it: an Excel workbook (.xlsx, first sheet) or a
 * CSV file, UTF-8 or GB18030 (what Excel on a Chinese Windows saves). The first row names
 * the columns, in any order; columns it does not know are ignored.
 */
final class RosterFile {

	static final int MAX_ROWS = 500;

	private static final CsvMapper CSV = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();

	private static final Charset GB18030 = Charset.forName("GB18030");

	private RosterFile() {
	}

	/**
	 * The data rows, each with its row number as a spreadsheet shows it (header is 1).
	 */
	static List<Line> read(String fileName, byte[] content) {
		List<List<String>> table = isWorkbook(fileName, content) ? workbook(content) : csv(content);
		if (table.isEmpty()) {
			throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, "import-empty");
		}
		Map<Integer, RosterColumn> columns = new java.util.HashMap<>();
		List<String> header = table.get(0);
		for (int index = 0; index < header.size(); index++) {
			int position = index;
			RosterColumn.ofHeader(header.get(index)).ifPresent((column) -> columns.put(position, column));
		}
		List<String> missing = java.util.Arrays.stream(RosterColumn.values())
			.filter(RosterColumn::required)
			.filter((column) -> !columns.containsValue(column))
			.map(RosterColumn::header)
			.toList();
		if (!missing.isEmpty()) {
			throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, "import-missing-columns",
					String.join("、", missing));
		}
		List<Line> lines = new ArrayList<>();
		for (int index = 1; index < table.size(); index++) {
			List<String> cells = table.get(index);
			if (cells.stream().allMatch((cell) -> cell == null || cell.isBlank())) {
				continue;
			}
			Map<RosterColumn, String> values = new EnumMap<>(RosterColumn.class);
			columns.forEach((position, column) -> {
				String cell = (position < cells.size()) ? cells.get(position) : null;
				if (cell != null && !cell.isBlank()) {
					values.put(column, cell.strip());
				}
			});
			lines.add(new Line(index + 1, values));
		}
		if (lines.isEmpty()) {
			throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, "import-empty");
		}
		if (lines.size() > MAX_ROWS) {
			throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, "import-too-many-rows", lines.size(), MAX_ROWS);
		}
		return lines;
	}

	private static boolean isWorkbook(String fileName, byte[] content) {
		// an .xlsx file is a ZIP archive, whatever its name says
		return fileName.toLowerCase(Locale.ROOT).endsWith(".xlsx")
				|| (content.length > 3 && content[0] == 'P' && content[1] == 'K' && content[2] == 3);
	}

	private static List<List<String>> workbook(byte[] content) {
		try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content))) {
			Sheet sheet = workbook.getSheetAt(0);
			DataFormatter formatter = new DataFormatter(Locale.ROOT);
			List<List<String>> table = new ArrayList<>();
			for (int index = 0; index <= sheet.getLastRowNum(); index++) {
				Row row = sheet.getRow(index);
				List<String> cells = new ArrayList<>();
				if (row != null) {
					for (int column = 0; column < row.getLastCellNum(); column++) {
						cells.add(formatter.formatCellValue(row.getCell(column)));
					}
				}
				table.add(cells);
			}
			return table;
		}
		catch (IOException | RuntimeException ex) {
			throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, "import-unreadable");
		}
	}

	private static List<List<String>> csv(byte[] content) {
		String text = decode(content)
			.orElseThrow(() -> new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, "import-unreadable"));
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		try (MappingIterator<String[]> rows = CSV.readerFor(String[].class).readValues(text)) {
			List<List<String>> table = new ArrayList<>();
			while (rows.hasNextValue()) {
				table.add(List.of(rows.nextValue()));
			}
			return table;
		}
		catch (JacksonException ex) {
			throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, "import-unreadable");
		}
	}

	private static Optional<String> decode(byte[] content) {
		for (Charset charset : List.of(StandardCharsets.UTF_8, GB18030)) {
			try {
				return Optional.of(charset.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(content))
					.toString());
			}
			catch (CharacterCodingException ex) {
				// not this charset: try the next
			}
		}
		return Optional.empty();
	}

	/** One data row: its number in the file and its cells by column. */
	record Line(int row, Map<RosterColumn, String> values) {

		String get(RosterColumn column) {
			return this.values.get(column);
		}

	}

}
