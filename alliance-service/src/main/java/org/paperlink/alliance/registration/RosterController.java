package org.paperlink.alliance.registration;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.paperlink.alliance.export.Spreadsheet;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.structure.Pillar;
import org.paperlink.events.Category;
import org.paperlink.platform.Problems;
import org.paperlink.platform.RequestLanguage;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The member roster as a spreadsheet, out (export) and in (bulk import: preview, then
 * confirm). The export's columns are the import's, so an exported roster is a template.
 */
@RestController
@Tag(name = "成员名册 Roster")
class RosterController {

	/**
	 * A roster of 500 rows is some 40 KB as .xlsx; a megabyte leaves room for formatting.
	 */
	private static final int MAX_FILE_BYTES = 1024 * 1024;

	private final MemberImports imports;

	private final MemberRepository members;

	RosterController(MemberImports imports, MemberRepository members) {
		this.imports = imports;
		this.members = members;
	}

	@PostMapping(path = "/api/v1/member-imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@Problems({ HttpStatus.UNPROCESSABLE_ENTITY })
	@Operation(operationId = "previewMemberImport", summary = "导入成员（预览） Import members: preview",
			description = "SECRETARIAT. A roster as .xlsx or .csv (UTF-8 or GB18030) in the part 'file', columns as the roster "
					+ "export names them. 201 with every row checked as a self-registration would be, and its errors by column; "
					+ "nothing is created until confirmed (within an hour). 422 for an unreadable file, missing columns, or more than 500 rows.")
	Mono<ResponseEntity<Preview>> preview(@RequestPart("file") FilePart file, ServerWebExchange exchange) {
		return DataBufferUtils.join(file.content(), MAX_FILE_BYTES).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		})
			.zipWith(SignedInUser.current())
			.flatMap((both) -> this.imports.preview(file.filename(), both.getT1(), both.getT2(),
					RequestLanguage.of(exchange)))
			.map((preview) -> ResponseEntity.created(URI.create("/api/v1/member-imports/" + preview.id()))
				.body(Preview.of(preview)));
	}

	@PostMapping("/api/v1/member-imports/{id}/confirm")
	@Problems({ HttpStatus.CONFLICT })
	@Operation(summary = "导入成员（确认） Import members: confirm",
			description = "SECRETARIAT. Registers and approves each valid row of the preview, with the same events as a "
					+ "self-registration. Each new account's initial password is in this answer only. 404 for an unknown or "
					+ "expired preview, 409 when it was confirmed already.")
	Mono<MemberImports.Confirmation> confirm(@PathVariable String id, ServerWebExchange exchange) {
		return SignedInUser.current()
			.flatMap((secretary) -> this.imports.confirm(id, secretary, RequestLanguage.of(exchange)));
	}

	@GetMapping("/api/v1/members/export")
	@ApiResponse(responseCode = "200", description = "Excel 工作簿 Excel workbook",
			content = @Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
	@Operation(operationId = "exportMembers", summary = "导出成员名册 Export the roster (.xlsx)",
			description = "SECRETARIAT, PARTY_COMMITTEE, ADMIN. Active and suspended members by pillar; the columns of the import, "
					+ "then tier, status and whether the row is sample data.")
	Mono<ResponseEntity<byte[]>> export() {
		List<String> headers = Stream
			.concat(Arrays.stream(RosterColumn.values()).map(RosterColumn::header), Stream.of("层级", "状态", "示例数据"))
			.toList();
		return this.members.onRoster()
			.sort(Comparator.comparing(Member::pillar).thenComparing(Member::enterpriseName))
			.map(RosterController::row)
			.collectList()
			.flatMap((rows) -> new Spreadsheet().sheet("成员名册", headers, rows).download("纸联-成员名册.xlsx"));
	}

	private static List<Object> row(Member member) {
		String contactName = (member.contact() != null) ? member.contact().name() : null;
		String phone = (member.contact() != null) ? member.contact().phone() : null;
		String email = (member.contact() != null) ? member.contact().email() : null;
		return Arrays.asList(member.enterpriseName(), member.uscc(), Pillar.valueOf(member.pillar()).nameZh(),
				categoryNames(member.produces()), categoryNames(member.consumes()), member.totalCapacityTonnes(),
				contactName, phone, email, member.village(), member.address(), member.username(),
				(member.tier() != null) ? member.tier().nameZh() : null,
				(member.status() == MemberStatus.ACTIVE) ? "正常" : "已暂停", member.sample() ? "是" : "否");
	}

	private static String categoryNames(List<String> codes) {
		return (codes != null)
				? codes.stream().map((code) -> Category.valueOf(code).nameZh()).collect(Collectors.joining("、")) : "";
	}

	/** The preview: every row, valid or not, with its errors by column. */
	record Preview(String id, String fileName, Instant expiresAt, int total, int valid, int invalid,
			List<PreviewRow> rows) {

		static Preview of(MemberImport preview) {
			int valid = (int) preview.rows().stream().filter(MemberImport.Row::valid).count();
			return new Preview(preview.id(), preview.fileName(), preview.expiresAt(), preview.rows().size(), valid,
					preview.rows().size() - valid, preview.rows().stream().map(PreviewRow::of).toList());
		}

	}

	record PreviewRow(int row, String enterpriseName, String uscc, String pillar, String username, boolean valid,
			List<MemberImport.RowError> errors) {

		static PreviewRow of(MemberImport.Row row) {
			RegistrationRequest application = row.application();
			return new PreviewRow(row.row(), application.enterpriseName(), application.uscc(), application.pillar(),
					application.username(), row.valid(), row.errors());
		}

	}

}
