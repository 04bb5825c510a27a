package io.describer.camel.client.model;

/** The 52 description languages of the API (Chirp 3 HD locale codes), written as on the wire, e.g. {@code es-ES}. */
public enum Language implements ApiValue {
    EN_US("en-US"),
    EN_GB("en-GB"),
    EN_AU("en-AU"),
    EN_IN("en-IN"),
    ES_ES("es-ES"),
    ES_US("es-US"),
    FR_FR("fr-FR"),
    FR_CA("fr-CA"),
    DE_DE("de-DE"),
    IT_IT("it-IT"),
    PT_BR("pt-BR"),
    JA_JP("ja-JP"),
    KO_KR("ko-KR"),
    CMN_CN("cmn-CN"),
    AR_XA("ar-XA"),
    HI_IN("hi-IN"),
    BN_IN("bn-IN"),
    DA_DK("da-DK"),
    FI_FI("fi-FI"),
    GU_IN("gu-IN"),
    ID_ID("id-ID"),
    KN_IN("kn-IN"),
    ML_IN("ml-IN"),
    MR_IN("mr-IN"),
    NB_NO("nb-NO"),
    NL_NL("nl-NL"),
    NL_BE("nl-BE"),
    PL_PL("pl-PL"),
    RU_RU("ru-RU"),
    SV_SE("sv-SE"),
    SW_KE("sw-KE"),
    TA_IN("ta-IN"),
    TE_IN("te-IN"),
    TH_TH("th-TH"),
    TR_TR("tr-TR"),
    UK_UA("uk-UA"),
    UR_IN("ur-IN"),
    VI_VN("vi-VN"),
    BG_BG("bg-BG"),
    HR_HR("hr-HR"),
    CS_CZ("cs-CZ"),
    ET_EE("et-EE"),
    EL_GR("el-GR"),
    HE_IL("he-IL"),
    HU_HU("hu-HU"),
    LV_LV("lv-LV"),
    LT_LT("lt-LT"),
    PA_IN("pa-IN"),
    RO_RO("ro-RO"),
    SR_RS("sr-RS"),
    SK_SK("sk-SK"),
    SL_SI("sl-SI");

    private final String code;

    Language(String code) {
        this.code = code;
    }

    @Override
    public String apiValue() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
