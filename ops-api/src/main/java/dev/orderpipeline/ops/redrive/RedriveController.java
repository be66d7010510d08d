package dev.orderpipeline.ops.redrive;

import dev.orderpipeline.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/ops/dead-letters/redrive} (admin token, as every {@code /api/ops} call): re-drives
 * dead letters to their original topics after a fix and answers which ones it sent.
 */
@Tag(name = "Operations")
@RestController
class RedriveController {

    private final DeadLetterRedrive redrive;

    RedriveController(DeadLetterRedrive redrive) {
        this.redrive = redrive;
    }

    @Operation(operationId = "redriveDeadLetters",
            summary = "Re-drive dead letters to the topics they were dead-lettered from", description = "Selected by"
            + " partition and offset range and/or by event ids; a dead letter re-driven before is listed, not sent"
            + " again; dryRun lists what would be sent and sends nothing.")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "200", description = "the dead letters sent, already re-driven, skipped and not found",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "401", ref = ProblemResponses.UNAUTHORIZED)
    @PostMapping(path = "/api/ops/dead-letters/redrive", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RedriveResult> redrive(@Valid @RequestBody RedriveRequest request) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(redrive.redrive(request));
    }
}
