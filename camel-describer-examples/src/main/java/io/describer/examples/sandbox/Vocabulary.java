package io.describer.examples.sandbox;

import java.util.List;

/**
 * The enumerations of API.md §5, kept here independently of the component's own enums so the sandbox checks the
 * client rather than agreeing with it by construction. Values are matched exactly (case-sensitive): a client that
 * passes here also passes against a strict server.
 */
final class Vocabulary {

    /** API.md §5.1 rows 1–52. */
    static final List<String> LANGUAGES = List.of(
            "en-US", "en-GB", "en-AU", "en-IN", "es-ES", "es-US", "fr-FR", "fr-CA", "de-DE", "it-IT", "pt-BR", "ja-JP",
            "ko-KR", "cmn-CN", "ar-XA", "hi-IN", "bn-IN", "da-DK", "fi-FI", "gu-IN", "id-ID", "kn-IN", "ml-IN", "mr-IN",
            "nb-NO", "nl-NL", "nl-BE", "pl-PL", "ru-RU", "sv-SE", "sw-KE", "ta-IN", "te-IN", "th-TH", "tr-TR", "uk-UA",
            "ur-IN", "vi-VN", "bg-BG", "hr-HR", "cs-CZ", "et-EE", "el-GR", "he-IL", "hu-HU", "lv-LV", "lt-LT", "pa-IN",
            "ro-RO", "sr-RS", "sk-SK", "sl-SI");

    /** API.md §5.3: the identifiers are the display strings. */
    static final List<String> CATEGORIES = List.of(
            "Auto",
            "Educational Lecture",
            "Educational Kids",
            "Government Meeting",
            "Documentary",
            "Narrative Story",
            "Social Media",
            "Tutorial/How-To",
            "Vlog",
            "Commercial/Advertisement",
            "News",
            "Entertainment",
            "Home Video",
            "Video Call");

    static final List<String> FORMATS = List.of("json", "vtt", "srt", "edl");
    static final List<String> AD_TYPES = List.of("standard_ad", "extended_ad");
    static final List<String> VOLUME_OPTIONS = List.of("auto", "max");
    static final List<String> AUDIO_TRACK_TYPES = List.of("mixed", "ad_only");

    private Vocabulary() {}
}
