package org.paperlink.alliance.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * An Excel workbook (.xlsx) of one or more sheets with bold Chinese headers, written off
 * the request threads. Numbers stay numbers, so offices can sum and chart them.
 */
public final class Spreadsheet {

	public static final MediaType XLSX = MediaType
		.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

	private final List<SheetData> sheets = new ArrayList<>();

	public Spreadsheet sheet(String name, List<String> headers, List<List<Object>> rows) {
		this.sheets.add(new SheetData(name, headers, rows));
		return this;
	}

	/** The workbook as a download named {@code fileName}. */
	public Mono<ResponseEntity<byte[]>> download(String fileName) {
		return Mono.fromCallable(this::bytes)
			.subscribeOn(Schedulers.boundedElastic())
			.map((bytes) -> ResponseEntity.ok()
				.contentType(XLSX)
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment()
							.filename(fileName, java.nio.charset.StandardCharsets.UTF_8)
							.build()
							.toString())
				.body(bytes));
	}

	byte[] bytes() {
		try (SXSSFWorkbook workbook = new SXSSFWorkbook(200); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Font bold = workbook.createFont();
			bold.setBold(true);
			CellStyle header = workbook.createCellStyle();
			header.setFont(bold);
			for (SheetData data : this.sheets) {
				Sheet sheet = workbook.createSheet(data.name());
				Row headerRow = sheet.createRow(0);
				for (int column = 0; column < data.headers().size(); column++) {
					headerRow.createCell(column).setCellValue(data.headers().get(column));
					headerRow.getCell(column).setCellStyle(header);
					sheet.setColumnWidth(column, 20 * 256);
				}
				for (int index = 0; index < data.rows().size(); index++) {
					Row row = sheet.createRow(index + 1);
					List<Object> values = data.rows().get(index);
					for (int column = 0; column < values.size(); column++) {
						Object value = values.get(column);
						if (value instanceof Number number) {
							row.createCell(column).setCellValue(number.doubleValue());
						}
						else if (value != null) {
							row.createCell(column).setCellValue(value.toString());
						}
					}
				}
				sheet.createFreezePane(0, 1);
			}
			workbook.write(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record SheetData(String name, List<String> headers, List<List<Object>> rows) {

	}

}
