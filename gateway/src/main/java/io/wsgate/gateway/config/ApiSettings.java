package io.wsgate.gateway.config;

/**
 * The management publish API ({@code api.*}).
 *
 * @param key the API key clients send as {@code Authorization: Bearer KEY} or {@code X-API-Key}
 * @param route the name of the route whose router serves the API (a rooms router)
 * @param sender the name messages pushed through the API appear to come from
 * @param developmentKey true when the key is the shipped development default (logged as a warning)
 */
public record ApiSettings(String key, String route, String sender, boolean developmentKey) {

  /** The key in conf/gateway.yaml: fine on a laptop, never in production. */
  public static final String DEVELOPMENT_KEY = "wsgate-dev-key";
}
