package io.certatlas.server.watch;

import io.certatlas.alerts.schedule.CronSchedule;
import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.Fields;
import io.certatlas.server.api.JsonRequest;
import io.certatlas.server.scanning.ScanRequest;
import io.certatlas.server.security.Caller;
import io.certatlas.store.access.ApiName;
import io.certatlas.store.alerts.NameInUseException;
import io.certatlas.store.jobs.Zone;
import io.certatlas.store.schedule.ScanSchedule;
import io.certatlas.store.schedule.ScanSchedules;
import io.certatlas.store.schedule.ScheduleRun;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Recurring scans: {@code POST /api/v1/schedules} with a name, a cron expression, an optional
 * time zone ({@code zone}), network zone ({@code networkZone}: its scanner agents run the scans) and
 * enabled flag, and the fields of a scan request (targets, ports, exclude, ...);
 * {@code GET} lists them, {@code GET /{id}/runs} shows the history, {@code PUT} and
 * {@code DELETE} change them. Managers only.
 */
@RestController
@RequestMapping("/api/v1/schedules")
public class SchedulesController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ScanSchedules schedules;
    private final Clock clock;

    public SchedulesController(ScanSchedules schedules, Clock clock) {
        this.schedules = schedules;
        this.clock = clock;
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal Caller caller, HttpServletRequest request) {
        ManagerOnly.check(caller);
        ObjectNode body = JsonRequest.read(request);
        Definition d = Definition.of(body);
        try {
            ScanSchedule created = schedules.create(d.name, d.requestJson, d.cron.expression(), d.cron.zone().getId(), d.networkZone, d.enabled,
                    d.cron.next(clock.instant()), caller.username());
            return ResponseEntity.status(HttpStatus.CREATED).body(json(created));
        } catch (NameInUseException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    @GetMapping
    public List<Map<String, Object>> list(@AuthenticationPrincipal Caller caller) {
        ManagerOnly.check(caller);
        return schedules.list().stream().map(SchedulesController::json).toList();
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        ManagerOnly.check(caller);
        return json(find(id));
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(@AuthenticationPrincipal Caller caller, @PathVariable String id, HttpServletRequest request) {
        ManagerOnly.check(caller);
        ScanSchedule old = find(id);
        Definition d = Definition.of(JsonRequest.read(request));
        try {
            return json(schedules.update(new ScanSchedule(old.id(), old.uuid(), d.name, d.requestJson, d.cron.expression(),
                    d.cron.zone().getId(), d.networkZone, d.enabled, d.cron.next(clock.instant()), old.createdBy(), old.created(), old.updated())));
        } catch (NameInUseException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        ManagerOnly.check(caller);
        schedules.delete(find(id).id());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/runs")
    public List<Map<String, Object>> runs(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        ManagerOnly.check(caller);
        return schedules.runs(find(id).id(), 100).stream().map(SchedulesController::json).toList();
    }

    private ScanSchedule find(String id) {
        return schedules.find(id).orElseThrow(() -> ApiException.notFound("no schedule '" + id
                + "'; list them with GET /api/v1/schedules or './certatlas schedule list'"));
    }

    /** A schedule's definition as posted, checked field by field. */
    private record Definition(String name, String requestJson, CronSchedule cron, Optional<Zone> networkZone, boolean enabled) {
        static Definition of(ObjectNode body) {
            String name = ApiName.check("name", "a schedule", Fields.text(body, "name").orElse(""));
            CronSchedule cron;
            try {
                cron = CronSchedule.parse(Fields.text(body, "cron").orElse(""), Fields.text(body, "zone").orElse("UTC"));
            } catch (IllegalArgumentException e) {
                throw ApiException.badField(body.has("zone") && e.getMessage().contains("time zone") ? "zone" : "cron", e.getMessage());
            }
            ScanRequest scan = ScanRequest.from(body);
            Optional<Zone> networkZone;
            try {
                networkZone = Fields.text(body, "networkZone").map(String::strip).filter(s -> !s.isEmpty()).map(Zone::new);
            } catch (IllegalArgumentException e) {
                throw ApiException.badField("networkZone", e.getMessage());
            }
            return new Definition(name, JSON.writeValueAsString(scan), cron, networkZone, Fields.bool(body, "enabled", true));
        }
    }

    static Map<String, Object> json(ScanSchedule s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.uuid().toString());
        json.put("name", s.name());
        json.put("cron", s.cron());
        json.put("zone", s.zone());
        json.put("networkZone", s.networkZone().map(Zone::name).orElse(null));
        json.put("enabled", s.enabled());
        json.put("scan", JSON.readTree(s.requestJson()));
        json.put("nextRun", s.nextRun().toEpochMilli());
        json.put("createdBy", s.createdBy());
        json.put("created", s.created().toEpochMilli());
        return json;
    }

    static Map<String, Object> json(ScheduleRun run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("due", run.due().toEpochMilli());
        json.put("started", run.started().toEpochMilli());
        json.put("worker", run.worker());
        run.job().ifPresentOrElse(job -> {
            json.put("scanJob", job.uuid().toString());
            json.put("status", job.status());
            json.put("endpoints", job.total());
            json.put("done", job.done());
            json.put("found", job.found());
            json.put("error", job.error());
            json.put("finished", job.finished().map(java.time.Instant::toEpochMilli).orElse(null));
        }, () -> json.put("status", "GONE"));
        return json;
    }
}
