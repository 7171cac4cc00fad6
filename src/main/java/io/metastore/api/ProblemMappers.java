package io.metastore.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.metastore.domain.ConflictException;
import io.metastore.domain.InvalidInputException;
import io.metastore.domain.NotFoundException;
import io.metastore.domain.PreconditionFailedException;
import io.metastore.domain.StoreUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Domain failures to HTTP statuses; anything unexpected is logged and answered without internals. */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response invalid(InvalidInputException e) {
    return Problems.response(400, e.getMessage());
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e) {
    return Problems.response(404, e.getMessage());
  }

  @ServerExceptionMapper
  public Response conflict(ConflictException e) {
    return Problems.response(409, e.getMessage());
  }

  @ServerExceptionMapper
  public Response precondition(PreconditionFailedException e) {
    return Problems.response(412, e.getMessage());
  }

  @ServerExceptionMapper
  public Response unavailable(StoreUnavailableException e) {
    LOG.warnf("database unavailable: %s", e.getMessage());
    return Problems.response(503, e.getMessage() + "; retry later");
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e) {
    return Problems.response(400, "body is not valid JSON: " + e.getOriginalMessage());
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    String detail =
        switch (status) {
          case 404 -> "no such resource";
          case 405 -> "method not allowed on this resource";
          case 406 -> "this resource answers application/json only";
          case 413 -> "request body is larger than 8 MiB";
          case 415 -> "unsupported Content-Type; this resource takes application/json";
          default -> e.getMessage() == null ? Problems.title(status) : e.getMessage();
        };
    if (status >= 500) {
      LOG.error("request failed", e);
      detail = "internal error";
    }
    return Problems.response(status, detail);
  }

  /** The client went away: nothing to answer, nothing to alarm anyone about. */
  @ServerExceptionMapper
  public Response closed(io.vertx.core.http.HttpClosedException e) {
    LOG.debugf("client closed the connection: %s", e.getMessage());
    return Problems.response(500, "client closed the connection");
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    LOG.error("unexpected failure", e);
    return Problems.response(500, "internal error; see the service log");
  }
}
