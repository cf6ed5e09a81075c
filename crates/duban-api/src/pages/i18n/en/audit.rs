//! The audit administrator's page and the security administrator's roles page.

pub(super) const EN: &[(&str, &str)] = &[
    ("审计日志", "Audit log"),
    (
        "审计日志仅由审计管理员查阅。",
        "Only the audit administrator reads the audit log.",
    ),
    (
        "哈希链完整:共 {} 条记录。",
        "The hash chain is whole: {} records.",
    ),
    (
        "签名检查点已校验至第 {} 条。",
        "Signed checkpoints verified up to record {}.",
    ),
    (
        "服务未配置审计密钥,检查点签名未校验。",
        "The server has no audit key: checkpoint signatures were not checked.",
    ),
    ("审计日志校验未通过:", "The audit log failed its check: "),
    (
        "校验整条哈希链与签名",
        "Check the whole hash chain and the signatures",
    ),
    ("事件(前缀)", "Event (prefix)"),
    (
        "如 login. 为全部登录事件,user. 为账号变更。",
        "For example login. for every login event, user. for changes to accounts.",
    ),
    ("起始日期", "From"),
    ("截止日期", "To"),
    ("筛选", "Filter"),
    (
        "共 {} 条,时间为北京时间。",
        "{} records; times are China Standard Time.",
    ),
    ("时间", "Time"),
    ("人员", "Person"),
    ("地址", "Address"),
    ("事件", "Event"),
    ("对象", "Object"),
    ("结果", "Result"),
    ("变更内容", "What changed"),
    ("变更前", "Before"),
    ("变更后", "After"),
    ("拒绝", "Denied"),
    ("成功", "OK"),
    ("分页", "Pages"),
    ("上一页", "Previous"),
    ("下一页", "Next"),
    ("第 {} 页", "Page {}"),
    ("登录成功", "Signed in"),
    ("登录失败", "Sign-in failed"),
    ("账号锁定", "Account locked"),
    ("退出登录", "Signed out"),
    ("拒绝访问", "Access refused"),
    ("下载导出", "Downloaded"),
    ("设置密码", "Password set"),
    ("新建", "Created"),
    // Roles.
    ("角色分配", "Roles"),
    (
        "角色由安全管理员分配。",
        "Roles are given by the security administrator.",
    ),
    (
        "角色已保存,该账号须重新登录。",
        "Role saved; the account must sign in again.",
    ),
    (
        "账号由系统管理员新建;其角色和所属单位由安全管理员分配。改后该账号的会话立即结束。不能修改本人的角色。",
        "Accounts are created by the system administrator; their role and unit are given by the security administrator. A change ends the account's sessions at once. Nobody changes their own role.",
    ),
    ("本人账号", "Your own account"),
    ("保存", "Save"),
    ("返回角色分配", "Back to roles"),
];
