package org.rdc.reports.pdf;

import java.net.URI;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.rdc.reports.pdf.ReportDocument.Critical;
import org.rdc.reports.pdf.ReportDocument.EcgImage;
import org.rdc.reports.pdf.ReportDocument.Examination;
import org.rdc.reports.pdf.ReportDocument.Facility;
import org.rdc.reports.pdf.ReportDocument.Field;
import org.rdc.reports.pdf.ReportDocument.Patient;
import org.rdc.reports.pdf.ReportDocument.Role;
import org.rdc.reports.pdf.ReportDocument.Section;
import org.rdc.reports.pdf.ReportDocument.Sex;
import org.rdc.reports.pdf.ReportDocument.Signer;
import org.rdc.reports.pdf.ReportDocument.Verification;
import org.rdc.reports.pdf.ReportDocument.Version;
import org.rdc.reports.pdf.ReportDocument.VersionKind;

/** Realistic zh-CN reports, one per template, for tests and the examples in reports/docs. (Names are invented.) */
public final class SampleReports {

    static final ZoneOffset CST = ZoneOffset.ofHours(8);
    static final String CENTRE = "青山县医共体远程影像心电诊断中心";
    static final Facility FACILITY = new Facility("青山县石桥镇卫生院", "青山县石桥镇健康路 18 号", "0571-6688 1234");

    private SampleReports() {
    }

    static OffsetDateTime at(int day, int hour, int minute) {
        return OffsetDateTime.of(2026, 12, day, hour, minute, 0, 0, CST);
    }

    static Verification verification(String code) {
        return new Verification(code, URI.create("https://rdc.qingshan.example.cn/verify/" + code));
    }

    static List<Signer> signers(OffsetDateTime authored, OffsetDateTime verified) {
        return verified == null
                ? List.of(new Signer(Role.AUTHOR, "李明华", authored))
                : List.of(new Signer(Role.AUTHOR, "李明华", authored), new Signer(Role.VERIFIER, "陈志远", verified));
    }

    /**
     * The chest DR report as its author signs it when it waits for a countersignature: one signer
     * line, the verifier's left for the verifier's signature to fill (see {@link ReportPdf#VERIFIER_FIELD}).
     */
    public static ReportDocument chestDrAwaitingVerifier() {
        ReportDocument r = chestDr();
        return new ReportDocument(r.centreName(), r.facility(), r.title(), r.patient(), r.examination(), r.sections(), r.fields(),
                r.critical(), r.sharingMark(), r.preliminary(), r.version(), signers(at(3, 10, 5), null), r.verification(), r.ecg(),
                at(3, 10, 5), r.reportId(), true);
    }

    /** The verifier's line of {@link #chestDrAwaitingVerifier}, as the countersignature prints it. */
    public static Signer chestDrVerifier() {
        return new Signer(Role.VERIFIER, "陈志远", at(3, 10, 31));
    }

    public static ReportDocument chestDr() {
        return new ReportDocument(CENTRE, FACILITY, "DR检查报告单",
                new Patient("王秀兰", Sex.FEMALE, "67岁", LocalDate.of(1959, 4, 12), "SQ20261203017", "MZ2612030045", null),
                new Examination("DR2612030017", "胸部正位 DR", "DX", "胸部", LocalDateTime.of(2026, 12, 3, 9, 12),
                        "石桥镇卫生院 内科门诊", "赵建军"),
                List.of(new Section("检查所见", "胸廓对称，气管居中。两肺纹理增多、增粗，右下肺野可见斑片状模糊影，边缘不清。"
                                + "两肺门影不大。心影大小、形态未见明显异常，主动脉结稍突出。两膈面光整，两侧肋膈角锐利。所见骨质未见明显异常。"),
                        new Section("诊断意见", "1. 右下肺炎症，建议抗炎治疗后复查。\n2. 主动脉硬化。"),
                        new Section("建议", "结合临床及血常规；必要时胸部 CT 进一步检查。")),
                List.of(),
                null, "HR", false, new Version(1, VersionKind.ORIGINAL, null),
                signers(at(3, 10, 5), at(3, 10, 31)), verification("7KQ4-M2XD"), null, at(3, 10, 31), "rpt-2026-000117");
    }

    public static ReportDocument limbDr() {
        return new ReportDocument(CENTRE, FACILITY, "DR检查报告单",
                new Patient("张国强", Sex.MALE, "42岁", LocalDate.of(1984, 8, 2), "SQ20261203021", null, "ZY2612000311"),
                new Examination("DR2612030021", "四肢关节 DR（右腕关节正侧位）", "DX", "右腕关节", LocalDateTime.of(2026, 12, 3, 11, 40),
                        "石桥镇卫生院 外科", "孙海"),
                List.of(new Section("检查所见", "右桡骨远端可见横行骨折线，远折端向背侧移位约 3mm，断端轻度嵌插；尺骨茎突可见小骨折片。"
                                + "腕关节间隙存在，诸腕骨形态、骨质未见明显异常。周围软组织肿胀。"),
                        new Section("诊断意见", "右桡骨远端骨折（Colles 骨折），伴尺骨茎突骨折。"),
                        new Section("建议", "骨科就诊，复位固定后复查 DR。")),
                List.of(),
                null, "HR", true, new Version(1, VersionKind.ORIGINAL, null),
                List.of(new Signer(Role.AUTHOR, "李明华", at(3, 11, 58))), verification("3FJ8-WQ6N"), null, at(3, 11, 58),
                "rpt-2026-000121");
    }

    public static ReportDocument abdomenUs() {
        return new ReportDocument(CENTRE, FACILITY, "彩色多普勒超声检查报告单",
                new Patient("刘建平", Sex.MALE, "55岁", LocalDate.of(1971, 1, 23), "SQ20261203033", "MZ2612030102", null),
                new Examination("US2612030033", "腹部彩超（肝、胆、胰、脾、双肾）", "US", "腹部", LocalDateTime.of(2026, 12, 3, 14, 5),
                        "石桥镇卫生院 内科门诊", "赵建军"),
                List.of(new Section("检查所见", "肝脏：形态大小正常，包膜光滑，肝实质回声细密增强，远场回声衰减，肝内管道结构显示欠清。"
                                + "门静脉主干内径 1.1cm，血流通畅。\n胆囊：大小约 7.2×3.1cm，壁毛糙，腔内可见数个强回声团，"
                                + "较大者约 1.2×0.9cm，后伴声影，随体位改变移动。\n胰腺：显示部分形态大小未见明显异常。\n"
                                + "脾脏：厚约 3.6cm，实质回声均匀。\n双肾：形态大小正常，皮髓质分界清，集合系统未见分离，未见明显占位。"),
                        new Section("诊断意见", "1. 脂肪肝（中度）。\n2. 胆囊多发结石；胆囊炎声像。\n3. 胰、脾、双肾未见明显异常。"),
                        new Section("建议", "低脂饮食，定期复查；胆囊结石请结合临床，必要时肝胆外科就诊。")),
                List.of(new Field("肝右叶最大斜径", "14.6", "cm"), new Field("门静脉主干内径", "1.1", "cm"),
                        new Field("胆囊大小", "7.2×3.1", "cm"), new Field("脾脏厚径", "3.6", "cm")),
                null, null, false, new Version(1, VersionKind.ORIGINAL, null),
                signers(at(3, 14, 40), null), verification("9PXT-2HCA"), null, at(3, 14, 40), "rpt-2026-000133");
    }

    public static ReportDocument thyroidUs() {
        return new ReportDocument(CENTRE, FACILITY, "彩色多普勒超声检查报告单",
                new Patient("陈美玲", Sex.FEMALE, "38岁", LocalDate.of(1988, 6, 30), "SQ20261203040", "MZ2612030131", null),
                new Examination("US2612030040", "甲状腺彩超", "US", "甲状腺", LocalDateTime.of(2026, 12, 3, 15, 20),
                        "石桥镇卫生院 体检科", "周丽"),
                List.of(new Section("检查所见", "甲状腺左右叶及峡部大小形态正常，包膜完整，实质回声尚均匀。"
                                + "右叶中部可见一低回声结节，大小约 0.8×0.6×0.7cm，纵横比 <1，边缘欠规则，内可见点状强回声（微钙化），"
                                + "CDFI：结节内及周边见少许点条状血流信号。左叶未见明显结节。双侧颈部未见明显异常肿大淋巴结。"),
                        new Section("诊断意见", "甲状腺右叶实性低回声结节，C-TIRADS 4B 类。"),
                        new Section("建议", "建议超声引导下细针穿刺活检（FNA），或甲状腺专科就诊。")),
                List.of(new Field("结节位置", "右叶中部", null), new Field("结节大小", "0.8×0.6×0.7", "cm"),
                        new Field("成分", "实性", null), new Field("回声", "低回声", null),
                        new Field("微钙化", "有", null), new Field("C-TIRADS 分类", "4B", null)),
                null, "HR", false, new Version(2, VersionKind.CORRECTED, 1),
                signers(at(3, 16, 2), at(3, 16, 20)), verification("C4NV-8RTB"), null, at(3, 16, 20), "rpt-2026-000140");
    }

    /**
     * The values are those ecg-ingest's analysis gives for the recording {@link EcgSample} draws
     * (the reader confirmed them); {@code ReportPdfTest} checks they still agree.
     *
     * @param ecgPng the 12-lead page, or null
     */
    public static ReportDocument restingEcg(byte[] ecgPng) {
        return new ReportDocument(CENTRE, FACILITY, "常规十二导联心电图报告单",
                new Patient("赵德胜", Sex.MALE, "71岁", LocalDate.of(1955, 2, 17), "SQ20261203052", null, "ZY2612000298"),
                new Examination("ECG2612030052", "静息十二导联心电图", "ECG", null, LocalDateTime.of(2026, 12, 3, 8, 47),
                        "石桥镇卫生院 住院部", "孙海"),
                List.of(new Section("心电图所见", "窦性心律，心率 72 次/分。QRS 波群增宽（120 ms），QTc 间期延长（472 ms），"
                                + "QRS 电轴 -74°。V4 导联 J 点 ST 段抬高约 0.1mV，其余导联 ST-T 未见明显动态改变。"),
                        new Section("诊断意见", "1. 窦性心律。\n2. 室内传导延迟（QRS 增宽）；电轴左偏（左前分支阻滞可能）。\n"
                                + "3. QTc 间期延长。\n4. V4 导联 ST 段轻度抬高。"),
                        new Section("建议", "结合临床及既往心电图；复查电解质，注意可致 QT 延长的药物；胸痛时立即复查心电图及心肌标志物。")),
                List.of(new Field("心律", "窦性心律", null), new Field("心率", "72", "次/分"), new Field("PR 间期", "142", "ms"),
                        new Field("QRS 时限", "120", "ms"), new Field("QT/QTc", "432/472", "ms"), new Field("QRS 电轴", "-74", "°")),
                null, null, false, new Version(1, VersionKind.ORIGINAL, null),
                signers(at(3, 8, 55), null), verification("H6ZR-5KE3"),
                ecgPng == null ? null : new EcgImage(ecgPng, "12 导联同步心电图（25 mm/s，10 mm/mV）"), at(3, 8, 55),
                "rpt-2026-000152");
    }

    /** The same report flagged critical (危急值). */
    public static ReportDocument withCritical(ReportDocument r, String category) {
        return new ReportDocument(r.centreName(), r.facility(), r.title(), r.patient(), r.examination(), r.sections(),
                r.fields(), new Critical(category), r.sharingMark(), r.preliminary(), r.version(), r.signers(),
                r.verification(), r.ecg(), r.reportTime(), r.reportId());
    }
}
