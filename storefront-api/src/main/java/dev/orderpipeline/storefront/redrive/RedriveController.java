package dev.orderpipeline.storefront.redrive;

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
@RestController
class RedriveController {

    private final DeadLetterRedrive redrive;

    RedriveController(DeadLetterRedrive redrive) {
        this.redrive = redrive;
    }

    @PostMapping(path = "/api/ops/dead-letters/redrive", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RedriveResult> redrive(@Valid @RequestBody RedriveRequest request) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(redrive.redrive(request));
    }
}
