package io.wsgate.gateway.management;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.config.ApiSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish API under {@code /api/}: lets server-side code push messages into rooms and to users,
 * and read rooms and presence, by forwarding JSON requests to the {@code api.route} router's API
 * address. Authenticated with {@code api.key}; without a key it answers 503 to everything.
 */
final class PublishApi {

  private static final Logger LOG = LoggerFactory.getLogger(PublishApi.class);

  private final ApiSettings settings;
  private final ApiKey key;
  private final RouterApiClient router;

  /** {@code router} is null when {@code api.route} is not set. */
  PublishApi(ApiSettings settings, RouterApiClient router) {
    this.settings = settings;
    this.key = settings.key() == null ? null : new ApiKey(settings.key());
    this.router = router;
  }

  static boolean handles(String path) {
    return path.equals("/api") || path.startsWith(ApiPath.PREFIX);
  }

  void handle(HttpServerRequest request) {
    Future<JsonObject> reply;
    try {
      reply = serve(request);
    } catch (ApiError e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(result -> respond(request, result.succeeded() ? result.result() : null, result.cause()));
  }

  private Future<JsonObject> serve(HttpServerRequest request) {
    if (key == null) {
      throw new ApiError(503, "publish API disabled: set api.key", null);
    }
    if (!key.accepts(request)) {
      request.response().putHeader("WWW-Authenticate", "Bearer");
      throw new ApiError(401, "unauthorized", null);
    }
    ApiPath path = ApiPath.parse(request.path());
    if (path == null) {
      throw new ApiError(404, "not found", null);
    }
    if (!path.endpoint().allows(request.method())) {
      request.response().putHeader("Allow", path.endpoint().allowHeader());
      throw new ApiError(405, "method not allowed", null);
    }
    if (router == null) {
      throw new ApiError(503, "publish API disabled: set api.route", null);
    }
    Future<Object> data = path.endpoint().hasBody() ? JsonBody.read(request) : Future.succeededFuture();
    return data.compose(value -> router.call(path.endpoint().routerRequest(path.target(), settings.sender(), value)));
  }

  private static void respond(HttpServerRequest request, JsonObject reply, Throwable failure) {
    if (request.response().ended() || request.response().closed()) {
      return; // the client went away while the router worked
    }
    if (failure == null) {
      HttpJson.respond(request, 200, reply);
      return;
    }
    if (!(failure instanceof ApiError)) {
      LOG.warn("publish API {} {} failed", request.method(), request.path(), failure);
    }
    ApiError error = failure instanceof ApiError known ? known : new ApiError(500, "internal_error", null);
    HttpJson.respond(request, error.status(), error.toJson());
  }
}
