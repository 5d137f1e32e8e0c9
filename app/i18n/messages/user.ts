import { defineMessages } from "../define";

// A user account's fields, hints and page titles. One of the records' message files, combined in ./records.ts.
export const userMessages = defineMessages(
  {
    user: {
      title: "Người dùng",
      listTitle: "Danh sách người dùng",
      newTitle: "Người dùng mới",
      fields: {
        email: "Email",
        name: "Họ và tên",
        role: "Vai trò",
        agency: "Bộ, ngành",
        password: "Mật khẩu",
        newPassword: "Mật khẩu mới",
        active: "Trạng thái",
        activeYes: "Đang hoạt động",
        activeNo: "Ngừng kích hoạt",
        actions: "Thao tác",
      },
      hints: {
        agency: "Bắt buộc với cán bộ bộ, ngành; các vai trò khác làm việc với mọi bộ, ngành.",
        password: "Ít nhất {{min}} ký tự.",
      },
      you: "(bạn)",
      allAgencies: "Mọi bộ, ngành",
      empty: "Chưa có người dùng nào.",
      created: "Đã tạo người dùng {{email}}.",
      activated: "Đã kích hoạt lại {{email}}.",
      passwordReset: "Đã đặt lại mật khẩu cho {{email}}; các phiên đăng nhập đã kết thúc.",
      deactivated: "Đã ngừng kích hoạt {{email}}; các phiên đăng nhập đã kết thúc.",
      resetFor: "Đặt lại mật khẩu cho {{email}}",
    },
  },
  {
    user: {
      title: "Users",
      listTitle: "All users",
      newTitle: "New user",
      fields: {
        email: "Email",
        name: "Full name",
        role: "Role",
        agency: "Agency",
        password: "Password",
        newPassword: "New password",
        active: "Status",
        activeYes: "Active",
        activeNo: "Deactivated",
        actions: "Actions",
      },
      hints: {
        agency: "Required for ministry officers; other roles work across all agencies.",
        password: "At least {{min}} characters.",
      },
      you: "(you)",
      allAgencies: "All agencies",
      empty: "No users yet.",
      created: "User {{email}} created.",
      activated: "{{email}} reactivated.",
      passwordReset: "Password reset for {{email}}; their sessions have ended.",
      deactivated: "{{email}} deactivated; their sessions have ended.",
      resetFor: "Reset the password of {{email}}",
    },
  },
);
