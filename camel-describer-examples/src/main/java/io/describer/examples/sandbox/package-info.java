/**
 * A local sandbox of the ViddyScribe Enterprise API (the V3 contract of {@code API.md}), for demos and end-to-end
 * tests without an account. Entry points: {@link io.describer.examples.sandbox.SandboxServer} and
 * {@link io.describer.examples.sandbox.SandboxSettings}.
 *
 * <h2>What it serves</h2>
 * <ul>
 * <li>{@code POST /enterprise/api/upload_media}: JSON {@code input.type=url} (fetched by the sandbox), multipart
 * {@code file} (the {@code input} part may be omitted), JSON {@code signed_url} (answers an {@code upload_url} on the
 * sandbox itself: {@code PUT <base>/signed-upload/<token>?...} with the same Content-Type).</li>
 * <li>{@code POST notify_upload_complete}, {@code GET get_upload_status}: {@code pending_upload} → {@code processing} →
 * {@code completed} (with {@code canonical_media_id}) or {@code failed} after the verification delay.</li>
 * <li>{@code POST generate_ad_text|generate_ad_audio|generate_ad_video}: {@code media_id}, {@code url} or multipart
 * {@code file} input; {@code generation_config} validated against API.md §5; the V2 flat body is accepted too.</li>
 * <li>{@code GET get_results}: {@code queued} → {@code processing} → {@code done}/{@code failed} by elapsed time;
 * {@code output} in vtt/srt/edl ({@code content}) or json ({@code segments}); WAV/MP4 through signed URLs
 * ({@code <base>/signed/...?expires=<epoch ms>&X-Goog-Signature=...}) re-minted on every call.</li>
 * <li>{@code GET /sandbox/health}; {@code POST|DELETE /sandbox/faults} (no key).</li>
 * </ul>
 *
 * <h2>Choices where API.md is silent (all [INF] there)</h2>
 * <ul>
 * <li>Successes are 200. 400 bodies are {@code {"error":"bad_request","message":...,"field":...}}; 404
 * {@code not_found}; 405 {@code method_not_allowed}.</li>
 * <li>Bytes that are not media are accepted at upload (no {@code duration_seconds}) and their jobs fail with
 * {@code error_code=processing_failed} plus {@code error}. Audio-only media answer 415 {@code no_video_stream} on direct
 * and URL uploads; on the signed flow they fail verification ({@code upload_failed}).</li>
 * <li>Matroska/WebM, AVI and MPEG-TS are taken as video of {@link SandboxSettings#unknownDurationSeconds()}; their
 * video jobs get a small jcodec MP4 of that length. ISO-BMFF video jobs get the uploaded file back.</li>
 * <li>Identical bytes uploaded again answer {@code status=existing} with the first {@code media_id}; a signed upload
 * of known bytes reports the earlier media as {@code canonical_media_id}.</li>
 * <li>Expired or tampered download URLs answer 403 with a storage-style XML body ({@code ExpiredToken},
 * {@code SignatureDoesNotMatch}).</li>
 * <li>No {@code Retry-After} header: 429s carry only the documented {@code retry_after} body field.</li>
 * </ul>
 * State lives in memory (files under the data dir): a restarted sandbox forgets earlier media and jobs.
 */
package io.describer.examples.sandbox;
