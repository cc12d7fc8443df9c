package vntext

// letterFallback is a short excerpt of the example letter, used when the shared
// file is not there.
const letterFallback = `ỦY BAN NHÂN DÂN
THÀNH PHỐ BẮC KẠN
Số: /UBND-VHTT
V/v tuyên truyền phòng ngừa tội phạm
TP. Bắc Kạn, ngày tháng 7 năm 2024
Ngày 04 tháng 7 năm 2024, Ủy ban nhân dân thành phố Bắc Kạn nhận được Công văn số 907/STTTT-CNTT-BCVT ngày 03/7/2024 của Sở Thông tin và Truyền thông tỉnh Bắc Kạn về việc tăng cường tuyên truyền phòng ngừa tội phạm sử dụng công nghệ cao để lừa đảo chiếm đoạt tài sản.
Từ tháng 4/2020, Trung tâm Giám sát an toàn không gian mạng quốc gia (Cục An toàn thông tin, Bộ Thông tin và Truyền thông) đã đưa trang web <https://khonggianmang.vn/> đi vào hoạt động.
- CT, PCT UBND TP (Ô Trưởng);
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
`
