package workshop.support.http;

import workshop.support.json.Json;

/**
 * One open connection in {@code GET /clients}: Redis's CLIENT LIST line as JSON.
 *
 * @param id the connection's number on this server, from 1 in the order they opened
 * @param addr the other end's {@code host:port}
 * @param age_ms how long the connection has been open
 * @param idle_ms how long since its last request ended (0 while one is being handled)
 * @param requests requests read on it so far, the one being handled included
 * @param active whether a request is being handled on it now
 * @param http the HTTP version of its last request, {@code 1.1} or {@code 1.0}
 * @param last its last request's method and path ({@code GET /clients}), null before the first
 */
public record ClientEntry(
    long id,
    String addr,
    long age_ms,
    long idle_ms,
    long requests,
    boolean active,
    String http,
    @Json.Optional String last) {}
