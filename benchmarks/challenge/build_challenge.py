"""Source of the independent matching challenge set (catalog.csv, takeoff_lines.csv, truth.csv).

Every catalog row, every takeoff line and every truth label below was written by hand; the
code only does the arithmetic (quantity x the catalog's own conversion factor) and the CSV
writing, and checks the labels for consistency (SKU exists and is active, unit code is one the
product can convert, ambiguous candidates are all active, ...).

Written without looking at the matcher's code or dictionaries. Run:
    python benchmarks/challenge/build_challenge.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------------------------
# Catalog: (sku, description, category, manufacturer, mpn, uom, conversions, unit_cost[, active])
# ---------------------------------------------------------------------------------------------
CATALOG = [
    # --- conduit -------------------------------------------------------------------------
    ("ELE-20101", 'EMT 1/2" X 10\' GALV', "Conduit", "Allied Tube", "101543", "FT", "STK:10;C:100", 0.42),
    ("ELE-20102", "CONDUIT, EMT, 3/4 IN, 10 FT LENGTH", "Conduit", "Wheatland Tube", "EMT-075", "FT", "STK:10;C:100", 0.71),
    ("ELE-20103", "EMT TUBING 1IN X 10FT", "Conduit", "Republic Conduit", "101628", "FT", "STK:10;C:100", 1.18),
    ("ELE-20104", '1-1/4" EMT CONDUIT 10\'', "Conduit", "Allied Tube", "101631", "FT", "STK:10;C:100", 1.95),
    ("ELE-20105", "EMT 1-1/2 IN ELECTRICAL METALLIC TUBING 10 FT", "Conduit", "Wheatland Tube", "EMT-150", "FT", "STK:10", 2.40),
    ("ELE-20106", 'EMT 2" X 10\'', "Conduit", "Allied Tube", "101659", "FT", "STK:10", 3.05),
    ("ELE-20107", 'EMT 4" X 10\'', "Conduit", "Allied Tube", "101691", "FT", "STK:10", 7.80),
    ("ELE-20108", 'EMT 3" X 10\' GALV', "Conduit", "Allied Tube", "101683", "FT", "STK:10", 5.90, False),
    ("ELE-20111", 'RIGID GALV CONDUIT (GRC) 3/4" 10FT W/COUPLING', "Conduit", "Allied Tube", "621075", "FT", "STK:10", 2.85),
    ("ELE-20112", "RGS CONDUIT 1 IN X 10 FT", "Conduit", "Wheatland Tube", "RGS-100", "FT", "STK:10", 4.10),
    ("ELE-20113", 'GRC 2" RIGID STEEL CONDUIT 10\'', "Conduit", "Allied Tube", "621200", "FT", "STK:10", 8.20),
    ("ELE-20115", 'IMC CONDUIT 3/4" X 10\'', "Conduit", "Wheatland Tube", "IMC-075", "FT", "STK:10", 2.30),
    ("ELE-20116", "INTERMEDIATE METAL CONDUIT 1 IN 10FT", "Conduit", "Wheatland Tube", "IMC-100", "FT", "STK:10", 3.40),
    ("ELE-20121", 'PVC CONDUIT SCH40 1/2" 10\' BELL END', "Conduit", "Cantex", "5310102", "FT", "STK:10", 0.28),
    ("ELE-20122", 'PVC CONDUIT SCH40 3/4" 10\' BELL END', "Conduit", "Cantex", "5310103", "FT", "STK:10", 0.36),
    ("ELE-20123", "PVC SCHEDULE 40 CONDUIT 1 IN X 10 FT", "Conduit", "Carlon", "49007", "FT", "STK:10", 0.55),
    ("ELE-20124", '2" PVC SCH 40 ELEC CONDUIT 20FT', "Conduit", "Carlon", "49011-020", "FT", "STK:20", 1.10),
    ("ELE-20125", 'PVC CONDUIT SCH80 3/4" 10\'', "Conduit", "Cantex", "6210103", "FT", "STK:10", 0.62),
    ("ELE-20126", "PVC CONDUIT SCHEDULE 80 2 IN 20 FT", "Conduit", "Cantex", "6210107", "FT", "STK:20", 1.70),
    ("ELE-20131", 'FLEX STEEL 1/2" RW 100\' COIL', "Conduit", "AFC Cable", "5502-22-00", "FT", "COIL:100", 0.48),
    ("ELE-20132", "FLEXIBLE METAL CONDUIT 3/4 IN 100FT COIL", "Conduit", "AFC Cable", "5503-30-00", "FT", "COIL:100", 0.66),
    ("ELE-20133", 'LIQUIDTITE LFMC 1/2" GRAY 100\'', "Conduit", "Southwire", "55082101", "FT", "COIL:100", 0.95),
    ("ELE-20134", "LIQUIDTIGHT FLEX METALLIC 3/4 IN GRAY 100FT", "Conduit", "Southwire", "55083101", "FT", "COIL:100", 1.25),
    # --- conduit fittings ----------------------------------------------------------------
    ("ELE-21001", 'EMT CONN SS 1/2" STL', "Fittings", "Bridgeport", "250-S", "EA", "BX:100", 0.38),
    ("ELE-21002", "CONNECTOR, EMT, SET SCREW, 3/4 IN, STEEL", "Fittings", "Bridgeport", "251-S", "EA", "BX:50", 0.62),
    ("ELE-21003", 'EMT SET SCREW CONNECTOR INSULATED THROAT 1"', "Fittings", "Bridgeport", "252-SI", "EA", "BX:25", 1.35),
    ("ELE-21004", 'EMT CONN COMP 1/2" RAINTIGHT STL', "Fittings", "Raco", "2902", "EA", "BX:100", 0.55),
    ("ELE-21005", "CONNECTOR, EMT, COMPRESSION, 3/4 IN, STEEL", "Fittings", "Raco", "2903", "EA", "BX:50", 0.84),
    ("ELE-21006", "EMT COMPRESSION CONNECTOR 1 IN STEEL", "Fittings", "Raco", "2904", "EA", "BX:25", 1.40),
    ("ELE-21007", 'EMT CPLG SS 1/2" STL', "Fittings", "Bridgeport", "260-S", "EA", "BX:100", 0.41),
    ("ELE-21008", "COUPLING, EMT, SET SCREW, 3/4 IN", "Fittings", "Bridgeport", "261-S", "EA", "BX:50", 0.66),
    ("ELE-21009", 'EMT COMP COUPLING 1/2" STEEL RAINTIGHT', "Fittings", "Raco", "2922", "EA", "BX:100", 0.60),
    ("ELE-21010", "COUPLING, EMT, COMPRESSION, 3/4 IN", "Fittings", "Raco", "2923", "EA", "BX:50", 0.92),
    ("ELE-21011", 'EMT SS CONNECTOR 2" DIECAST', "Fittings", "Bridgeport", "256-DC", "EA", "BX:10", 2.90),
    ("ELE-21012", 'EMT 1 HOLE STRAP 1/2"', "Fittings", "Raco", "2081", "EA", "BX:100", 0.09),
    ("ELE-21013", "STRAP, ONE HOLE, EMT, 3/4 IN", "Fittings", "Raco", "2082", "EA", "BX:100", 0.12),
    ("ELE-21014", 'EMT 2-HOLE STRAP 1/2" STL', "Fittings", "Raco", "2231", "EA", "BX:100", 0.08),
    ("ELE-21015", "STRAP, TWO HOLE, EMT, 3/4 IN", "Fittings", "Raco", "2232", "EA", "BX:100", 0.11),
    ("ELE-21016", 'EMT 90 DEG ELBOW 2"', "Fittings", "Allied Tube", "90E-200", "EA", "", 9.80),
    ("ELE-21017", "ELBOW EMT 90 1 IN", "Fittings", "Allied Tube", "90E-100", "EA", "", 3.60),
    ("ELE-21018", "EMT CONNECTOR SET SCREW 1/2 IN ZINC DIECAST", "Fittings", "Bridgeport", "230-DC", "EA", "BX:100", 0.29, False),
    ("ELE-21021", 'LOCKNUT STEEL 1/2"', "Fittings", "Bridgeport", "101-S", "EA", "BX:100", 0.06),
    ("ELE-21022", "LOCKNUT STL 3/4 IN", "Fittings", "Bridgeport", "102-S", "EA", "BX:50", 0.09),
    ("ELE-21023", 'BUSHING PLASTIC INSULATING 1/2"', "Fittings", "Arlington", "440", "EA", "BX:100", 0.07),
    ("ELE-21024", "BUSHING, INSULATING, PLASTIC, 3/4 IN", "Fittings", "Arlington", "441", "EA", "BX:50", 0.10),
    ("ELE-21025", 'GRC COUPLING 3/4" GALV', "Fittings", "Allied Tube", "RC-075", "EA", "BX:25", 1.45),
    ("ELE-21026", "RIGID CONDUIT ELBOW 90 DEG 2 IN GALV", "Fittings", "Allied Tube", "R90-200", "EA", "", 21.00),
    ("ELE-21031", 'PVC MALE ADAPTER 3/4" TA', "Fittings", "Carlon", "E943E", "EA", "BX:25", 0.31),
    ("ELE-21032", "PVC TERMINAL ADAPTER 1 IN", "Fittings", "Carlon", "E943F", "EA", "BX:25", 0.44),
    ("ELE-21033", 'PVC COUPLING 3/4" SCH40 ELEC', "Fittings", "Carlon", "E940E", "EA", "BX:50", 0.22),
    ("ELE-21034", 'PVC ELBOW 90 DEG 2" SCH 40 STD RADIUS', "Fittings", "Carlon", "UA9AJ", "EA", "", 3.10),
    ("ELE-21035", "PVC 90 ELL 3/4 IN SCH40", "Fittings", "Carlon", "UA9AE", "EA", "BX:25", 0.95),
    ("ELE-21036", "PVC CEMENT GRAY MED BODY 1 PINT", "Fittings", "Oatey", "31013", "EA", "CS:24", 8.40),
    ("ELE-21041", 'FMC SQUEEZE CONNECTOR 1/2"', "Fittings", "Bridgeport", "380-DC2", "EA", "BX:50", 0.70),
    ("ELE-21042", "FLEX SCREW-IN CONNECTOR 1/2 IN", "Fittings", "Bridgeport", "370-DC", "EA", "BX:50", 0.52),
    ("ELE-21043", 'LIQUIDTIGHT CONNECTOR STRAIGHT 1/2"', "Fittings", "Bridgeport", "412-DC", "EA", "BX:25", 1.30),
    ("ELE-21044", 'LT CONN 90 DEG 1/2"', "Fittings", "Bridgeport", "422-DC", "EA", "BX:25", 2.40),
    ("ELE-21045", 'MC CABLE CONNECTOR SNAP-IN 3/8"', "Fittings", "Arlington", "38AST", "EA", "BX:100", 0.33),
    ("ELE-21046", "ANTI-SHORT BUSHING (REDHEADS) MC/AC", "Fittings", "AFC Cable", "RH-100", "EA", "BG:100", 0.02),
    # --- wire and cable ------------------------------------------------------------------
    ("ELE-22001", "WIRE THHN CU 14 AWG STR BLK 500FT REEL", "Wire", "Southwire", "22954", "FT", "SPL:500;C:100;M:1000", 0.09),
    ("ELE-22002", "THHN/THWN-2 #14 STRANDED WHITE 500' SPOOL", "Wire", "Southwire", "22955", "FT", "SPL:500;C:100;M:1000", 0.09),
    ("ELE-22003", "WIRE THHN CU 12 AWG STR BLK 500FT REEL", "Wire", "Southwire", "22964", "FT", "SPL:500;C:100;M:1000", 0.13),
    ("ELE-22004", "THHN 12 STR WHT 500", "Wire", "Encore Wire", "12-WH-500", "FT", "SPL:500;C:100;M:1000", 0.13),
    ("ELE-22005", "THHN 12 STR RED 500", "Wire", "Encore Wire", "12-RD-500", "FT", "SPL:500;C:100;M:1000", 0.13),
    ("ELE-22006", "THHN 12 STR GRN 500", "Wire", "Encore Wire", "12-GN-500", "FT", "SPL:500;C:100;M:1000", 0.13),
    ("ELE-22007", "THHN 12 STR BLU 500", "Wire", "Encore Wire", "12-BL-500", "FT", "SPL:500;C:100;M:1000", 0.13),
    ("ELE-22008", "WIRE THHN CU 12 AWG SOLID BLK 500FT", "Wire", "Southwire", "11582", "FT", "SPL:500;C:100;M:1000", 0.12),
    ("ELE-22009", "THHN #10 STR BLK 500'", "Wire", "Encore Wire", "10-BK-500", "FT", "SPL:500;C:100;M:1000", 0.21),
    ("ELE-22010", "THHN #10 STR WHT 500'", "Wire", "Encore Wire", "10-WH-500", "FT", "SPL:500;C:100;M:1000", 0.21),
    ("ELE-22011", "THHN #10 STR GRN 500'", "Wire", "Encore Wire", "10-GN-500", "FT", "SPL:500;C:100;M:1000", 0.21),
    ("ELE-22012", "THHN CU 8 AWG STR BLK 1000FT REEL", "Wire", "Southwire", "20491", "FT", "M:1000;C:100", 0.38),
    ("ELE-22013", "THHN 6 AWG STRANDED BLACK", "Wire", "Southwire", "20493", "FT", "M:1000;C:100", 0.61),
    ("ELE-22014", "XHHW-2 CU 4/0 STR BLK", "Wire", "Southwire", "X40-CU", "FT", "C:100;M:1000", 4.90),
    ("ELE-22015", "XHHW-2 ALUMINUM 4/0 BLK", "Wire", "Southwire", "X40-AL", "FT", "C:100;M:1000", 1.20),
    ("ELE-22016", "XHHW-2 CU 2 AWG BLK", "Wire", "Southwire", "X2-CU", "FT", "C:100;M:1000", 1.85),
    ("ELE-22017", "BARE CU GROUND WIRE #6 SOL SD", "Wire", "Cerrowire", "B6-SD", "FT", "C:100", 0.52),
    ("ELE-22018", "THHN 12 STR YEL 500", "Wire", "Encore Wire", "12-YL-500", "FT", "SPL:500;C:100;M:1000", 0.13, False),
    ("ELE-22021", "MC CABLE 12/2 AL ARMOR W/GRD 250FT COIL", "Wire", "AFC Cable", "1503-42-00", "FT", "COIL:250;M:1000", 0.72),
    ("ELE-22022", "MC 12-3 W/G ALUM ARMOR 250'", "Wire", "AFC Cable", "1504-42-00", "FT", "COIL:250;M:1000", 0.98),
    ("ELE-22023", "MC CABLE 10/2 W/GRD 250FT", "Wire", "AFC Cable", "1505-42-00", "FT", "COIL:250", 1.15),
    ("ELE-22024", "MC CABLE 14/2 W/G 250'", "Wire", "AFC Cable", "1501-42-00", "FT", "COIL:250", 0.60),
    # --- devices, boxes, breakers ---------------------------------------------------------
    ("ELE-23001", "RECEPTACLE DUPLEX 15A 125V WHITE COMMERCIAL", "Devices", "Leviton", "5252-W", "EA", "BX:10", 1.90),
    ("ELE-23002", "RECEPT DUP 15A 125V IVORY COMM GRADE", "Devices", "Leviton", "5252-I", "EA", "BX:10", 1.90),
    ("ELE-23003", "DUPLEX RECEPTACLE 20A 125V WH SPEC GRADE", "Devices", "Hubbell", "HBL5362WH", "EA", "BX:10", 4.60),
    ("ELE-23004", "DUPLEX RECEPTACLE 20A 125V IV SPEC GRADE", "Devices", "Hubbell", "HBL5362I", "EA", "BX:10", 4.60),
    ("ELE-23005", "GFCI RECEPTACLE 20A WHITE TAMPER RESIST", "Devices", "Leviton", "GFTR2-W", "EA", "", 19.50),
    ("ELE-23006", "GFCI RECEPTACLE 15A WHITE TR", "Devices", "Leviton", "GFTR1-W", "EA", "", 16.80),
    ("ELE-23007", "SWITCH SP 20A 120/277V WHITE", "Devices", "Hubbell", "HBL1221W", "EA", "BX:10", 3.95),
    ("ELE-23008", "TOGGLE SWITCH SINGLE POLE 15A WHITE", "Devices", "Leviton", "1451-2W", "EA", "BX:10", 1.40),
    ("ELE-23009", "SWITCH 3-WAY 20A WHT", "Devices", "Hubbell", "HBL1223W", "EA", "BX:10", 6.10),
    ("ELE-23010", "SW 4-WAY 20A WHITE", "Devices", "Hubbell", "HBL1224W", "EA", "", 14.20),
    ("ELE-23011", "WALLPLATE 1G DUPLEX WHT NYLON", "Devices", "Pass & Seymour", "TP8-W", "EA", "BX:25", 0.45),
    ("ELE-23012", "WALL PLATE 1 GANG TOGGLE WHITE NYLON", "Devices", "Pass & Seymour", "TP1-W", "EA", "BX:25", 0.45),
    ("ELE-23013", "WALLPLATE 2G TOGGLE WHT NYL", "Devices", "Pass & Seymour", "TP2-W", "EA", "BX:25", 0.85),
    ("ELE-23014", "DECORA PLATE 1-GANG WHITE", "Devices", "Leviton", "80401-W", "EA", "BX:25", 0.60),
    ("ELE-23015", "WALLPLATE 1G DUPLEX IVORY NYLON", "Devices", "Pass & Seymour", "TP8-I", "EA", "BX:25", 0.45, False),
    ("ELE-24001", '4" SQ BOX 1-1/2" DP W/ KO', "Boxes", "Raco", "232", "EA", "BX:25", 1.35),
    ("ELE-24002", "BOX, 4 IN SQUARE, 2-1/8 IN DEEP, 1/2 & 3/4 KO", "Boxes", "Raco", "239", "EA", "BX:25", 1.70),
    ("ELE-24003", "4-11/16 SQ BOX 2-1/8 DEEP", "Boxes", "Raco", "259", "EA", "BX:10", 3.60),
    ("ELE-24004", "HANDY BOX 4X2-1/8 1-7/8 DP", "Boxes", "Raco", "670", "EA", "BX:50", 1.10),
    ("ELE-24005", 'OCTAGON BOX 4" 1-1/2 DEEP', "Boxes", "Raco", "125", "EA", "BX:25", 1.25),
    ("ELE-24006", 'MUD RING 4" SQ 1G 1/2" RAISED', "Boxes", "Raco", "768", "EA", "BX:50", 0.80),
    ("ELE-24007", "PLASTER RING 4 SQ 1-GANG 5/8 RAISE", "Boxes", "Raco", "769", "EA", "BX:50", 0.85),
    ("ELE-24008", '4" SQ COVER BLANK FLAT', "Boxes", "Raco", "752", "EA", "BX:50", 0.50),
    ("ELE-24009", 'MUD RING 4" SQ 2G 1/2" RAISED', "Boxes", "Raco", "788", "EA", "BX:50", 0.95),
    ("ELE-24010", "PULL BOX 12X12X6 NEMA 1 SCREW COVER", "Boxes", "Hoffman", "A12126SC", "EA", "", 38.00),
    ("ELE-25001", "QO120 BREAKER 1P 20A PLUG-ON", "Breakers", "Square D", "QO120", "EA", "", 9.80),
    ("ELE-25002", "QO115 BKR 1P 15A", "Breakers", "Square D", "QO115", "EA", "", 9.80),
    ("ELE-25003", "QO230 CIRCUIT BREAKER 2 POLE 30A", "Breakers", "Square D", "QO230", "EA", "", 24.50),
    ("ELE-25004", "HOM120 HOMELINE 1P 20A", "Breakers", "Square D", "HOM120", "EA", "", 5.90),
    ("ELE-25005", "HOMELINE 2P 30A BREAKER", "Breakers", "Square D", "HOM230", "EA", "", 13.40),
    # --- connectors, grounding, support -------------------------------------------------
    ("ELE-26001", "WIRE CONNECTOR TWIST YELLOW", "Connectors", "Ideal", "30-451", "EA", "BX:100", 0.08),
    ("ELE-26002", "TWIST-ON WIRE CONNECTOR RED", "Connectors", "Ideal", "30-452", "EA", "BX:100", 0.10),
    ("ELE-26003", "WIRE NUT ORANGE", "Connectors", "Ideal", "30-453", "EA", "BX:100", 0.06),
    ("ELE-26004", "WAGO 221-412 LEVER NUT 2 COND", "Connectors", "Wago", "221-412", "EA", "BX:100", 0.38),
    ("ELE-26005", "WAGO 221-413 LEVER NUT 3 COND", "Connectors", "Wago", "221-413", "EA", "BX:50", 0.45),
    ("ELE-26006", "WAGO 221-415 LEVER NUT 5 COND", "Connectors", "Wago", "221-415", "EA", "BX:25", 0.62),
    ("ELE-26007", "SPLIT BOLT #2 CU", "Connectors", "Burndy", "KS22", "EA", "", 3.20),
    ("ELE-26008", "GROUND ROD 5/8 X 8' COPPER BONDED", "Connectors", "Erico", "615880", "EA", "", 17.50),
    ("ELE-26009", 'GROUND ROD CLAMP 5/8" ACORN', "Connectors", "Erico", "CP58", "EA", "BX:25", 1.60),
    ("ELE-26010", "GROUNDING PIGTAIL 12 AWG GRN W/ SCREW", "Connectors", "Ideal", "30-3398", "EA", "BX:100", 0.35),
    ("ELE-27001", "STRUT CHANNEL 1-5/8 X 1-5/8 12GA PRE-GALV 10FT", "Support", "Unistrut", "P1000-10PG", "EA", "FT:0.1", 38.00),
    ("ELE-27002", "STRUT 1-5/8 X 13/16 SHALLOW 14GA 10'", "Support", "B-Line", "B54-120GLV", "EA", "FT:0.1", 24.00),
    ("ELE-27003", "ALL THREAD ROD 3/8-16 X 10FT ZINC", "Support", "Generic", "ATR-38-10", "EA", "FT:0.1", 6.20),
    ("ELE-27004", 'THREADED ROD 1/2"-13 X 10\' ZP', "Support", "Generic", "ATR-12-10", "EA", "FT:0.1", 10.90),
    ("ELE-27005", 'SPRING NUT 3/8" STRUT', "Support", "Unistrut", "P4008", "EA", "BX:100", 0.70),
    ("ELE-27006", 'BEAM CLAMP 3/8" ROD MALLEABLE', "Support", "B-Line", "B3036L", "EA", "BX:25", 2.10),
    ("ELE-27007", "HEX NUT 3/8-16 ZINC", "Support", "Generic", "HN-38", "EA", "BX:100", 0.04),
    ("ELE-27008", "FENDER WASHER 3/8 X 1-1/2", "Support", "Generic", "FW-38", "EA", "BX:100", 0.09),
    # --- copper pipe --------------------------------------------------------------------
    ("PLM-30101", 'COPPER TUBE TYPE L HARD 1/2" X 20\'', "Pipe", "Mueller", "LH04020", "FT", "STK:20", 2.10),
    ("PLM-30102", "CU PIPE TYPE L 3/4 IN 20FT HARD DRAWN", "Pipe", "Mueller", "LH06020", "FT", "STK:20", 3.40),
    ("PLM-30103", "TYPE L COPPER 1\" 20' HARD", "Pipe", "Cerro", "LH08020", "FT", "STK:20", 5.10),
    ("PLM-30104", "TYPE L COPPER TUBE 2 IN 20 FT", "Pipe", "Cerro", "LH16020", "FT", "STK:20", 14.80),
    ("PLM-30105", 'COPPER TUBE TYPE M 1/2" 10\' HARD', "Pipe", "Mueller", "MH04010", "FT", "STK:10", 1.55),
    ("PLM-30106", 'CU TUBE M 3/4" X 10\'', "Pipe", "Mueller", "MH06010", "FT", "STK:10", 2.50),
    ("PLM-30107", "TYPE M COPPER PIPE 1 IN 10 FT", "Pipe", "Cerro", "MH08010", "FT", "STK:10", 3.90),
    ("PLM-30108", "COPPER TUBE TYPE K HARD 3/4 IN 20 FT", "Pipe", "Mueller", "KH06020", "FT", "STK:20", 4.60),
    ("PLM-30109", "TYPE K HARD COPPER 1\" X 20'", "Pipe", "Cerro", "KH08020", "FT", "STK:20", 6.30),
    ("PLM-30110", 'COPPER TUBE TYPE L SOFT 3/4" 60\' COIL', "Pipe", "Mueller", "LS06060", "FT", "COIL:60", 3.70),
    ("PLM-30111", "TYPE K SOFT COPPER 1 IN 100FT COIL", "Pipe", "Cerro", "KS08100", "FT", "COIL:100", 6.80),
    # --- copper fittings ----------------------------------------------------------------
    ("PLM-31001", 'ELBOW 90 WROT CU CXC 1/2"', "Pipe Fittings", "NIBCO", "607-1/2", "EA", "BG:10", 0.95),
    ("PLM-31002", "90 ELL COPPER 3/4 C X C", "Pipe Fittings", "NIBCO", "607-3/4", "EA", "BG:10", 1.90),
    ("PLM-31003", "COPPER 90 ELBOW 1 IN SWEAT", "Pipe Fittings", "Elkhart", "31308", "EA", "", 4.70),
    ("PLM-31004", "45 ELL WROT COPPER 1/2 CXC", "Pipe Fittings", "NIBCO", "606-1/2", "EA", "BG:10", 1.20),
    ("PLM-31005", 'ELBOW 45 DEG COPPER 3/4" C X C', "Pipe Fittings", "NIBCO", "606-3/4", "EA", "BG:10", 2.10),
    ("PLM-31006", 'COUPLING W/ STOP CU 1/2" CXC', "Pipe Fittings", "Elkhart", "30600", "EA", "BG:10", 0.55),
    ("PLM-31007", "COPPER COUPLING WITH ROLLED STOP 3/4", "Pipe Fittings", "Elkhart", "30620", "EA", "BG:10", 1.05),
    ("PLM-31008", 'TEE WROT COPPER 1/2" CXCXC', "Pipe Fittings", "NIBCO", "611-1/2", "EA", "BG:10", 1.60),
    ("PLM-31009", "COPPER TEE 3/4 IN SWEAT", "Pipe Fittings", "NIBCO", "611-3/4", "EA", "BG:10", 3.40),
    ("PLM-31010", 'MALE ADAPTER CU 3/4" C X MIP', "Pipe Fittings", "NIBCO", "604-3/4", "EA", "", 3.80),
    ("PLM-31011", "FEMALE ADAPTER COPPER 1/2 C X FIP", "Pipe Fittings", "NIBCO", "603-1/2", "EA", "", 3.10),
    ("PLM-31012", 'COPPER CAP 1/2" SWEAT', "Pipe Fittings", "Elkhart", "30300", "EA", "BG:10", 0.70),
    ("PLM-31013", "REDUCING TEE 3/4 X 3/4 X 1/2 CU", "Pipe Fittings", "NIBCO", "611-R-3412", "EA", "", 4.20),
    # --- DWV ----------------------------------------------------------------------------
    ("PLM-32001", 'PVC DWV PIPE SCH40 SOLID CORE 1-1/2" X 10\'', "Pipe", "Charlotte Pipe", "PVC07015", "FT", "STK:10", 0.95),
    ("PLM-32002", "PVC SCH 40 DWV 2 IN X 20 FT SOLID", "Pipe", "Charlotte Pipe", "PVC07020", "FT", "STK:20", 1.20),
    ("PLM-32003", 'PIPE PVC DWV 3" SCH40 SOLID CORE 20FT', "Pipe", "Charlotte Pipe", "PVC07030", "FT", "STK:20", 2.10),
    ("PLM-32004", 'PVC DWV 3" FOAM CORE 20\'', "Pipe", "JM Eagle", "FC-3-20", "FT", "STK:20", 1.60),
    ("PLM-32005", "PVC DWV 4 IN SCH 40 SOLID 20 FT", "Pipe", "Charlotte Pipe", "PVC07040", "FT", "STK:20", 2.90),
    ("PLM-32006", 'ABS DWV PIPE 2" 10FT', "Pipe", "Charlotte Pipe", "ABS-2-10", "FT", "STK:10", 1.35),
    ("PLM-32007", "ABS DWV 3 IN X 10 FT", "Pipe", "Charlotte Pipe", "ABS-3-10", "FT", "STK:10", 2.30),
    ("PLM-32101", 'PVC DWV 1/4 BEND 2" HXH', "Pipe Fittings", "Charlotte Pipe", "PVC00300-0800", "EA", "", 2.20),
    ("PLM-32102", "PVC DWV 90 ELBOW 3 IN HUB", "Pipe Fittings", "Charlotte Pipe", "PVC00300-1000", "EA", "", 5.40),
    ("PLM-32103", 'PVC DWV LONG SWEEP 1/4 BEND 3"', "Pipe Fittings", "Charlotte Pipe", "PVC00305-1000", "EA", "", 8.90),
    ("PLM-32104", 'PVC SANITARY TEE 2" DWV', "Pipe Fittings", "Charlotte Pipe", "PVC00400-0800", "EA", "", 3.10),
    ("PLM-32105", "SANITARY TEE PVC DWV 3 IN", "Pipe Fittings", "Charlotte Pipe", "PVC00400-1000", "EA", "", 7.60),
    ("PLM-32106", 'PVC DWV WYE 3"', "Pipe Fittings", "Charlotte Pipe", "PVC00600-1000", "EA", "", 9.20),
    ("PLM-32107", "WYE PVC DWV 4 IN HXHXH", "Pipe Fittings", "Charlotte Pipe", "PVC00600-1200", "EA", "", 15.80),
    ("PLM-32108", 'PVC CLEANOUT ADAPTER 3" W/PLUG', "Pipe Fittings", "Charlotte Pipe", "PVC01031-1000", "EA", "", 6.40),
    ("PLM-32109", "PVC DWV P-TRAP 1-1/2 IN", "Pipe Fittings", "Charlotte Pipe", "PVC00706-0600", "EA", "", 4.30),
    ("PLM-32110", 'ABS SANITARY TEE 2"', "Pipe Fittings", "Charlotte Pipe", "ABS00400-0800", "EA", "", 3.30),
    ("PLM-32111", 'PVC DWV COUPLING 2"', "Pipe Fittings", "Charlotte Pipe", "PVC00100-0800", "EA", "", 1.10),
    ("PLM-32112", 'PVC DWV 1/8 BEND (45) 2"', "Pipe Fittings", "Charlotte Pipe", "PVC00500-0800", "EA", "", 1.90),
    ("PLM-32113", "PVC PRIMER PURPLE 16 OZ", "Pipe Fittings", "Oatey", "30756", "EA", "CS:24", 7.90),
    ("PLM-32114", "PVC CEMENT MEDIUM CLEAR 16OZ", "Pipe Fittings", "Oatey", "31009", "EA", "CS:24", 9.60),
    # --- PEX ----------------------------------------------------------------------------
    ("PLM-33001", 'PEX-B TUBING 1/2" RED 100FT COIL', "Pipe", "Sioux Chief", "PXB-12R-100", "FT", "COIL:100", 0.42),
    ("PLM-33002", 'PEX-B TUBING 1/2" BLUE 100FT COIL', "Pipe", "Sioux Chief", "PXB-12B-100", "FT", "COIL:100", 0.42),
    ("PLM-33003", "PEX-B 3/4 IN RED 100' COIL", "Pipe", "Sioux Chief", "PXB-34R-100", "FT", "COIL:100", 0.78),
    ("PLM-33004", "PEX-B 3/4 IN BLUE 100' COIL", "Pipe", "Sioux Chief", "PXB-34B-100", "FT", "COIL:100", 0.78),
    ("PLM-33005", "PEX-A TUBING 1/2 IN WHITE 300 FT COIL", "Pipe", "Uponor", "F1040500", "FT", "COIL:300", 0.55),
    ("PLM-33006", 'PEX CRIMP RING COPPER 1/2"', "Pipe Fittings", "Sioux Chief", "CR-12", "EA", "BG:100", 0.12),
    ("PLM-33007", "PEX CRIMP RING 3/4 IN COPPER", "Pipe Fittings", "Sioux Chief", "CR-34", "EA", "BG:100", 0.18),
    ("PLM-33008", 'PEX ELBOW 90 BRASS 1/2" CRIMP', "Pipe Fittings", "Sioux Chief", "PXE-12", "EA", "BG:10", 1.30),
    ("PLM-33009", 'PEX-A EXPANSION RING 1/2" W/ STOP', "Pipe Fittings", "Uponor", "Q4690512", "EA", "BG:50", 0.35),
    ("PLM-33010", "PEX TEE BRASS 1/2 X 1/2 X 1/2 CRIMP", "Pipe Fittings", "Sioux Chief", "PXT-12", "EA", "BG:10", 1.90),
    ("PLM-33011", "PEX CINCH CLAMP 1/2 SS", "Pipe Fittings", "Sioux Chief", "CC-12", "EA", "BG:100", 0.20),
    # --- valves -------------------------------------------------------------------------
    ("PLM-34001", 'BALL VALVE 1/2" SWT FULL PORT LEAD FREE BRASS', "Valves", "Apollo", "77CLF-103", "EA", "", 11.40),
    ("PLM-34002", "BALL VALVE 3/4 IN SWEAT FULL PORT LF", "Valves", "Apollo", "77CLF-104", "EA", "", 15.90),
    ("PLM-34003", 'BALL VALVE 3/4" FNPT FULL PORT LF', "Valves", "Apollo", "77CLF-144", "EA", "", 14.70),
    ("PLM-34004", "BALL VALVE 1 IN SWEAT FP LF BRASS", "Valves", "Apollo", "77CLF-105", "EA", "", 24.30),
    ("PLM-34005", 'GATE VALVE 2" THREADED BRONZE 125#', "Valves", "NIBCO", "T-113-2", "EA", "", 96.00),
    ("PLM-34006", "SWING CHECK VALVE 3/4 SWEAT BRONZE", "Valves", "NIBCO", "S-413-Y-LF", "EA", "", 28.50),
    ("PLM-34007", "FROSTFREE SILLCOCK 1/2 SWT 8 IN", "Valves", "Mueller", "FFS-12-8", "EA", "", 22.00),
    ("PLM-34008", 'PRESSURE REDUCING VALVE 3/4" FNPT', "Valves", "Watts", "LF25AUB-Z3", "EA", "", 89.00),
    ("PLM-34009", "BALL VALVE 1/2 IN SWEAT STD PORT", "Valves", "Apollo", "70LF-103", "EA", "", 8.90, False),
    # --- cast iron / no-hub -------------------------------------------------------------
    ("PLM-35001", "NO HUB COUPLING STANDARD 2 IN", "Pipe Fittings", "Tyler Pipe", "NH-STD-2", "EA", "", 4.10),
    ("PLM-35002", 'NO-HUB CPLG 3" STANDARD CISPI 310', "Pipe Fittings", "Tyler Pipe", "NH-STD-3", "EA", "", 4.90),
    ("PLM-35003", "NO HUB COUPLING 4 IN STANDARD", "Pipe Fittings", "Tyler Pipe", "NH-STD-4", "EA", "", 5.80),
    ("PLM-35004", 'NO-HUB COUPLING HEAVY DUTY 4"', "Pipe Fittings", "Tyler Pipe", "NH-HD-4", "EA", "", 13.50),
    ("PLM-35005", "NO-HUB COUPLING HD 3 IN", "Pipe Fittings", "Tyler Pipe", "NH-HD-3", "EA", "", 11.20),
    ("PLM-35006", 'CAST IRON NO-HUB PIPE 4" X 10\'', "Pipe", "Tyler Pipe", "CINH-4-10", "FT", "STK:10", 12.40),
    ("PLM-35007", "CI NO HUB PIPE 3 IN 10 FT", "Pipe", "Tyler Pipe", "CINH-3-10", "FT", "STK:10", 9.30),
    # --- hangers ------------------------------------------------------------------------
    ("PLM-36001", 'CLEVIS HANGER 1/2" STEEL GALV', "Support", "Anvil", "CH-050", "EA", "", 1.60),
    ("PLM-36002", "CLEVIS HANGER 3/4 IN", "Support", "Anvil", "CH-075", "EA", "", 1.70),
    ("PLM-36003", 'ADJ CLEVIS HANGER 2"', "Support", "Anvil", "CH-200", "EA", "", 2.60),
    ("PLM-36004", "CLEVIS HANGER 4 IN GALV", "Support", "Anvil", "CH-400", "EA", "", 4.40),
    ("PLM-36005", 'COPPER CLAD CLEVIS HANGER 3/4"', "Support", "Anvil", "CHC-075", "EA", "", 2.20),
    ("PLM-36006", 'SPLIT RING HANGER 1/2"', "Support", "Anvil", "SR-050", "EA", "", 1.30),
    ("PLM-36007", "COPPER TUBE STRAP 1/2 IN", "Support", "Sioux Chief", "CTS-12", "EA", "BX:100", 0.15),
    ("PLM-36008", 'J HOOK 3/4" PLASTIC PIPE', "Support", "Sioux Chief", "JH-34", "EA", "", 0.40),
    ("PLM-36009", 'RISER CLAMP 2" STEEL', "Support", "Anvil", "RC-200", "EA", "", 6.90),
    ("PLM-36010", "RISER CLAMP 4 IN", "Support", "Anvil", "RC-400", "EA", "", 10.80),
    # --- gypsum board -------------------------------------------------------------------
    ("DRW-40001", "GYP BD 1/2\" REG 4'X8' SHEETROCK", "Drywall", "USG", "U12R48", "EA", "SF:0.03125", 13.20),
    ("DRW-40002", "1/2 IN REGULAR GYPSUM PANEL 4 FT X 12 FT", "Drywall", "National Gypsum", "NG12R412", "EA", "SF:0.0208333", 19.40),
    ("DRW-40003", "WALLBOARD 5/8\" TYPE X 4X8", "Drywall", "CertainTeed", "CT58X48", "EA", "SF:0.03125", 15.10),
    ("DRW-40004", "5/8 FIRECODE X 4'X10'", "Drywall", "USG", "U58X410", "EA", "SF:0.025", 18.70),
    ("DRW-40005", '5/8" TYPE X GYPSUM BOARD 4X12', "Drywall", "National Gypsum", "NG58X412", "EA", "SF:0.0208333", 22.30),
    ("DRW-40006", '1/2" MOLD/MOISTURE RESISTANT GYP BD 4X8', "Drywall", "USG", "U12MR48", "EA", "SF:0.03125", 17.60),
    ("DRW-40008", '1/4" FLEXIBLE GYPSUM BOARD 4X8', "Drywall", "CertainTeed", "CT14F48", "EA", "SF:0.03125", 16.20),
    ("DRW-40009", "CEMENT BOARD 1/2\" 3'X5'", "Drywall", "USG", "DUR12-35", "EA", "SF:0.0666667", 14.90),
    ("DRW-40010", "SHAFTLINER 1\" TYPE X 2'X12'", "Drywall", "USG", "ULSL1-212", "EA", "SF:0.0416667", 21.50),
    ("DRW-40012", "1/2 IN REGULAR GYPSUM BOARD 4X10", "Drywall", "National Gypsum", "NG12R410", "EA", "SF:0.025", 16.10, False),
    # --- steel framing ------------------------------------------------------------------
    ("DRW-41001", "STEEL STUD 3-5/8\" 25GA 10'", "Framing", "ClarkDietrich", "362S125-18-10", "EA", "FT:0.1", 4.30),
    ("DRW-41002", "STUD, 3-5/8 IN, 20 GA, 10 FT", "Framing", "ClarkDietrich", "362S162-33-10", "EA", "FT:0.1", 7.90),
    ("DRW-41003", "3 5/8 STUD 20GA 12FT", "Framing", "ClarkDietrich", "362S162-33-12", "EA", "FT:0.0833333", 9.40),
    ("DRW-41004", 'MTL STUD 6" 20GA (33MIL) 10\'', "Framing", "MarinoWARE", "600S162-33-10", "EA", "FT:0.1", 10.60),
    ("DRW-41005", "6 IN STUD 18 GA 43 MIL 10 FT", "Framing", "MarinoWARE", "600S162-43-10", "EA", "FT:0.1", 13.80),
    ("DRW-41006", 'STUD 2-1/2" 25GA 10FT', "Framing", "ClarkDietrich", "250S125-18-10", "EA", "FT:0.1", 3.60),
    ("DRW-41007", "TRACK 3-5/8\" 25GA 10'", "Framing", "ClarkDietrich", "362T125-18-10", "EA", "FT:0.1", 3.90),
    ("DRW-41008", "RUNNER TRACK 3-5/8 IN 20 GA 10 FT", "Framing", "ClarkDietrich", "362T125-33-10", "EA", "FT:0.1", 7.10),
    ("DRW-41009", "TRACK 6\" 20GA 10'", "Framing", "MarinoWARE", "600T125-33-10", "EA", "FT:0.1", 9.60),
    ("DRW-41011", 'FURRING CHANNEL (HAT) 7/8" 25GA 12\'', "Framing", "ClarkDietrich", "DWC-78-12", "EA", "FT:0.0833333", 4.80),
    ("DRW-41012", 'COLD ROLLED CHANNEL 1-1/2" 16GA 16\'', "Framing", "ClarkDietrich", "CRC-150-16", "EA", "FT:0.0625", 9.90),
    # --- fasteners, anchors -------------------------------------------------------------
    ("DRW-42001", "SCREW, DRYWALL, #6 X 1-1/4 IN, FINE THREAD", "Fasteners", "Grabber", "DWF114", "EA", "BX:5000;M:1000", 0.006),
    ("DRW-42002", "DW SCREW 6 X 1-1/4 COARSE THD", "Fasteners", "Grabber", "DWC114", "EA", "BX:5000;M:1000", 0.006),
    ("DRW-42003", 'DRYWALL SCREW #6 X 1-5/8" COARSE', "Fasteners", "Grabber", "DWC158", "EA", "BX:5000", 0.007),
    ("DRW-42004", "DRYWALL SCREW 6 X 1-5/8 FINE", "Fasteners", "Grabber", "DWF158", "EA", "BX:5000", 0.007),
    ("DRW-42005", 'FRAMING SCREW #8 X 1/2" PAN HEAD SELF DRILL', "Fasteners", "Grabber", "FSP812", "EA", "BX:1000", 0.012),
    ("DRW-42006", "WAFER HEAD FRAMING SCREW 8 X 1/2 SHARP POINT", "Fasteners", "Grabber", "FSW812", "EA", "BX:1000", 0.011),
    ("DRW-42007", "TEK SCREW #10 X 3/4 HWH SELF DRILLING", "Fasteners", "Grabber", "TEK1034", "EA", "BX:500", 0.035),
    ("DRW-42008", 'DRYWALL SCREW #6 X 1" FINE', "Fasteners", "Grabber", "DWF100", "EA", "BX:5000", 0.005, False),
    ("DRW-43001", 'WEDGE ANCHOR 3/8" X 3" ZINC', "Anchors", "Simpson", "WA37300", "EA", "BX:50", 0.55),
    ("DRW-43002", "WEDGE ANCHOR 1/2 X 4-1/4", "Anchors", "Simpson", "WA50414", "EA", "BX:25", 1.10),
    ("DRW-43003", "CONICAL PLASTIC ANCHOR #8 X 1", "Anchors", "Simpson", "CPA8", "EA", "BX:100", 0.04),
    ("DRW-43004", 'TOGGLE BOLT 1/4 X 3" WING', "Anchors", "Hilti", "TB143", "EA", "BX:50", 0.48),
    ("DRW-43005", 'DROP-IN ANCHOR 3/8"', "Anchors", "Hilti", "HDI38", "EA", "BX:50", 0.62),
    ("DRW-43006", "TAPCON 1/4 X 1-3/4 HEX", "Anchors", "ITW Buildex", "24350", "EA", "BX:100", 0.32),
    ("DRW-43007", "TAPCON 3/16 X 1-3/4 HEX BLUE", "Anchors", "ITW Buildex", "24330", "EA", "BX:100", 0.24),
    ("DRW-43008", "PAF PIN 1-1/4 IN W/ 1\" WASHER", "Anchors", "Ramset", "1516", "EA", "BX:100", 0.21),
    ("DRW-43009", "POWDER LOAD .27 CAL YELLOW STRIP", "Anchors", "Ramset", "4RS27", "EA", "BX:100", 0.14),
    # --- trim, compound, tape, sealants -------------------------------------------------
    ("DRW-44001", 'CORNER BEAD METAL 1-1/4" 8\'', "Drywall", "ClarkDietrich", "CB8", "EA", "CS:50", 1.45),
    ("DRW-44002", "CORNERBEAD GALV 10 FT", "Drywall", "ClarkDietrich", "CB10", "EA", "CS:50", 1.80),
    ("DRW-44003", "VINYL CORNER BEAD BULLNOSE 8FT", "Drywall", "Trim-Tex", "BN8", "EA", "", 2.90),
    ("DRW-44004", 'J-BEAD 1/2" 10\' METAL', "Drywall", "ClarkDietrich", "JB12", "EA", "CS:50", 1.70),
    ("DRW-44005", 'L-BEAD 5/8" 10FT', "Drywall", "Trim-Tex", "LB58", "EA", "", 2.40),
    ("DRW-45001", "JOINT COMPOUND ALL PURPOSE 4.5 GAL PAIL", "Drywall", "USG", "380270", "EA", "", 21.00),
    ("DRW-45002", "JOINT COMPOUND LIGHTWEIGHT ALL PURPOSE 4.5 GAL", "Drywall", "USG", "381466", "EA", "", 23.50),
    ("DRW-45003", "SETTING TYPE JOINT COMPOUND 45 MIN 18 LB", "Drywall", "USG", "384210", "BG", "", 16.40),
    ("DRW-45004", "SETTING COMPOUND 90 MIN 18 LB BAG", "Drywall", "USG", "384211", "BG", "", 16.40),
    ("DRW-45005", "SETTING COMPOUND 20 MIN 18LB", "Drywall", "USG", "384209", "BG", "", 16.40),
    ("DRW-45006", "TOPPING COMPOUND 4.5 GAL PAIL", "Drywall", "USG", "381630", "EA", "", 22.00),
    ("DRW-46001", "PAPER JOINT TAPE 2-1/16\" X 250'", "Drywall", "USG", "380000", "RL", "CS:20", 3.40),
    ("DRW-46002", "JOINT TAPE PAPER 500FT ROLL", "Drywall", "USG", "380005", "RL", "CS:10", 5.90),
    ("DRW-46003", "FIBERGLASS MESH TAPE 2\" X 300' SELF ADH", "Drywall", "Saint-Gobain", "FDW8662", "RL", "CS:24", 7.20),
    ("DRW-46004", "FIBERGLASS MESH TAPE 2 X 150FT", "Drywall", "Saint-Gobain", "FDW8660", "RL", "CS:24", 4.30),
    ("DRW-47001", "ACOUSTICAL SEALANT 28 OZ TUBE", "Consumables", "OSI", "SC175-28", "EA", "CS:12", 9.80),
    ("DRW-47002", "FIRESTOP SEALANT RED 10.1 OZ", "Consumables", "Hilti", "CP606-10", "EA", "CS:12", 14.50),
]

# ---------------------------------------------------------------------------------------------
# Takeoff lines. U = unique (sku, platform unit code the line's unit means), A = ambiguous
# (acceptable skus), X = absent from the catalog, R = review_uom (unit nobody should guess, or a
# real unit the product has no conversion for).
# ---------------------------------------------------------------------------------------------


def U(desc, qty, uom, sku, code, pn=""):
    return dict(desc=desc, qty=qty, uom=uom, pn=pn, status="unique", skus=[sku], code=code)


def A(desc, qty, uom, skus, pn=""):
    return dict(desc=desc, qty=qty, uom=uom, pn=pn, status="ambiguous", skus=skus, code=None)


def X(desc, qty, uom, pn=""):
    return dict(desc=desc, qty=qty, uom=uom, pn=pn, status="absent", skus=[], code=None)


def R(desc, qty, uom, sku=None, pn=""):
    # sku (optional) = the product the line would be if the unit were understood; not written to truth
    return dict(desc=desc, qty=qty, uom=uom, pn=pn, status="review_uom", skus=[sku] if sku else [], code=None)


ELECTRICAL = [
    # conduit
    U('3/4" EMT', 1200, "LF", "ELE-20102", "FT"),
    U("EMT 1/2 in.", "2,400", "lin ft", "ELE-20101", "FT"),
    U('1" emt conduit', 85, "sticks", "ELE-20103", "STK"),
    U('EMT - 1 1/4"', 40, "lengths", "ELE-20104", "STK"),
    U('1.5" EMT', 300, "ft", "ELE-20105", "FT"),
    U("2 inch EMT tubing", 12, "jts", "ELE-20106", "STK"),
    U('EMT 4"', 60, "L.F.", "ELE-20107", "FT"),
    U("3/4 thinwall", 500, "feet", "ELE-20102", "FT"),
    U(".75 EMT cond.", 8, "C", "ELE-20102", "C"),
    U('EMT 1/2"', 3, "CLF", "ELE-20101", "C"),
    U('1/2" EMT conduit - home runs', 25, "STKS", "ELE-20101", "STK"),
    U('0.75" EMT', 14, "stks", "ELE-20102", "STK"),
    U("1-1/4 EMT (typ)", 2, "C.L.F.", "ELE-20104", "C"),
    U('EMT ¾"', 640, "LF", "ELE-20102", "FT"),
    U("3/4 GRC", 200, "LF", "ELE-20111", "FT"),
    U('rigid galv 3/4"', 20, "lengths", "ELE-20111", "STK"),
    U('1" RGS conduit', 150, "ft", "ELE-20112", "FT"),
    U('2" rigid steel cond', 9, "sticks", "ELE-20113", "STK"),
    U("GRC 2 in - service", 340, "lf", "ELE-20113", "FT"),
    U('3/4" IMC', 220, "LF", "ELE-20115", "FT"),
    U("IMC 1 inch", 16, "sticks", "ELE-20116", "STK"),
    U('1/2" PVC sch 40 conduit', 400, "LF", "ELE-20121", "FT"),
    U("3/4 PVC-40 cond", 60, "lengths", "ELE-20122", "STK"),
    U('PVC 40 conduit 1"', "1,000", "ft", "ELE-20123", "FT"),
    U('2" sch. 40 PVC conduit', 12, "sticks", "ELE-20124", "STK"),
    U("2 in PVC conduit sch40 - UG feeder", 480, "LF", "ELE-20124", "FT"),
    U("3/4 sch 80 pvc conduit", 80, "LF", "ELE-20125", "FT"),
    U('PVC SCH80 2" COND', 5, "jts", "ELE-20126", "STK"),
    U('1/2" steel flex', 250, "ft", "ELE-20131", "FT"),
    U("1/2 greenfield", 2, "coils", "ELE-20131", "COIL"),
    U('3/4" FMC steel flex', 300, "LF", "ELE-20132", "FT"),
    U("1/2 sealtite", 100, "LF", "ELE-20133", "FT"),
    U("3/4 LFMC", 1, "coil", "ELE-20134", "COIL"),
    # fittings
    U('1/2" EMT SS conn', 150, "ea", "ELE-21001", "EA"),
    U("EMT connector set screw 1/2", 3, "bx", "ELE-21001", "BX"),
    U('CONN, EMT SS, 3/4"', 200, "pcs", "ELE-21002", "EA"),
    U("3/4 EMT set-screw connectors", 4, "boxes", "ELE-21002", "BX"),
    U('1" emt ss connector', 60, "EA", "ELE-21003", "EA"),
    U('1" EMT ss insul. conn', 2, "BX", "ELE-21003", "BX"),
    U("1/2 emt comp conn", 400, "Ea.", "ELE-21004", "EA"),
    U('EMT compression connector 3/4" raintight', 120, "each", "ELE-21005", "EA"),
    U("comp. connectors, EMT, 1 in", 5, "box", "ELE-21006", "BX"),
    U('3/4" emt cplg ss', 250, "pcs", "ELE-21008", "EA"),
    U("EMT COUPLING S/S 1/2", 2, "BXS", "ELE-21007", "BX"),
    U("1/2 EMT compression coupling", 90, "ea", "ELE-21009", "EA"),
    U("COUPLING EMT COMP 0.75", 1, "bx", "ELE-21010", "BX"),
    U('2" EMT connector', 24, "ea", "ELE-21011", "EA"),
    U('1-hole strap 1/2" EMT', 600, "ea", "ELE-21012", "EA"),
    U("one hole straps for 3/4 EMT", 5, "boxes", "ELE-21013", "BX"),
    U("EMT 2 hole strap 1/2", 300, "pc", "ELE-21014", "EA"),
    U('3/4" 2-hole EMT strap', 2, "bx", "ELE-21015", "BX"),
    U('2" EMT 90', 10, "ea", "ELE-21016", "EA"),
    U("1 in EMT elbow 90°", 18, "EA", "ELE-21017", "EA"),
    U("1/2 locknuts", 500, "ea", "ELE-21021", "EA"),
    U('3/4" locknut stl', 4, "BX", "ELE-21022", "BX"),
    U('plastic bushing 1/2"', 200, "ea", "ELE-21023", "EA"),
    U("3/4 insulating bushings", 1, "box", "ELE-21024", "BX"),
    U('3/4" rigid coupling', 40, "ea", "ELE-21025", "EA"),
    U('2" GRC 90 elbow', 6, "ea", "ELE-21026", "EA"),
    U('3/4" PVC TA', 75, "ea", "ELE-21031", "EA"),
    U('1" PVC male adapter', 30, "EA", "ELE-21032", "EA"),
    U("PVC coupling 3/4 sch 40 elec", 2, "boxes", "ELE-21033", "BX"),
    U("2 in PVC 90 sch40 conduit elbow", 14, "ea", "ELE-21034", "EA"),
    U('3/4" PVC conduit elbow', 40, "ea", "ELE-21035", "EA"),
    U("PVC glue gray pint", 6, "ea", "ELE-21036", "EA"),
    U("PVC cement - gray - 1 pt", 1, "case", "ELE-21036", "CS"),
    U("1/2 FMC squeeze conn", 100, "ea", "ELE-21041", "EA"),
    U('1/2" flex screw in connector', 50, "ea", "ELE-21042", "EA"),
    U("1/2 LT conn straight", 40, "ea", "ELE-21043", "EA"),
    U('liquidtight 90 conn 1/2"', 2, "bx", "ELE-21044", "BX"),
    U('3/8 MC snap in connector', 3, "boxes", "ELE-21045", "BX"),
    U('MC conn 3/8"', 250, "ea", "ELE-21045", "EA"),
    U("redhead anti-shorts", 5, "bags", "ELE-21046", "BG"),
    U("anti short bushings", 300, "pcs", "ELE-21046", "EA"),
    U("EMT conn", 100, "ea", "ELE-21004", "EA", pn="raco 2902"),
    # wire and cable
    U("#12 THHN black str", 2500, "LF", "ELE-22003", "FT"),
    U("12 AWG THHN/THWN stranded BLK", 5, "spools", "ELE-22003", "SPL"),
    U("12ga thhn wht", 3, "M", "ELE-22004", "M"),
    U("THHN #12 RED", 1500, "ft", "ELE-22005", "FT"),
    U("wire 12 green thhn", 2000, "L.F.", "ELE-22006", "FT"),
    U("No. 12 THHN blue stranded", 4, "SPL", "ELE-22007", "SPL"),
    U("12 AWG THHN SOL BLK", 1000, "LF", "ELE-22008", "FT"),
    U("12 blk thhn str", 3, "reels", "ELE-22003", "SPL"),
    U("#10 THHN blk", 1200, "LF", "ELE-22009", "FT"),
    U("10 awg thhn white", 6, "C", "ELE-22010", "C"),
    U("10ga green THHN", 800, "ft", "ELE-22011", "FT"),
    U("#14 THHN black", 1000, "ft", "ELE-22001", "FT"),
    U("14 AWG stranded white thhn", 2, "MFT", "ELE-22002", "M"),
    U("#8 THHN BLK", 600, "LF", "ELE-22012", "FT"),
    U("8 AWG black THHN", 1, "MLF", "ELE-22012", "M"),
    U("#6 thhn blk str", 450, "lf", "ELE-22013", "FT"),
    U("4/0 XHHW copper", 800, "LF", "ELE-22014", "FT"),
    U("4/0 AL XHHW-2", 1600, "lin ft", "ELE-22015", "FT"),
    U("#2 XHHW cu", 3, "CLF", "ELE-22016", "C"),
    U("#6 bare copper gnd", 200, "ft", "ELE-22017", "FT"),
    U("#6 sol bare cu ground", 5, "C", "ELE-22017", "C"),
    U("12/2 MC", 2000, "LF", "ELE-22021", "FT"),
    U("MC 12-2 w/grd", 6, "coils", "ELE-22021", "COIL"),
    U("12/3 MC cable", 750, "ft", "ELE-22022", "FT"),
    U("MC cable 12-3", 1, "M", "ELE-22022", "M"),
    U("10/2 MC", 4, "coils", "ELE-22023", "COIL"),
    U("14-2 MC cable w/ground", 500, "ft", "ELE-22024", "FT"),
    U("#12 thhn grn", "1,000", "ft", "ELE-22006", "FT"),
    U("12 AWG THHN BLK STR - branch ckts", "5,000", "LF", "ELE-22003", "FT"),
    U("THHN 10 blk", 1000, "ft", "ELE-22009", "FT", pn="ELE-22009"),
    # devices
    U("duplex recept 15A white", 120, "ea", "ELE-23001", "EA"),
    U("15A DUP RCPT IVORY", 40, "EA", "ELE-23002", "EA"),
    U("20A duplex receptacle, white, spec grade", 80, "ea", "ELE-23003", "EA"),
    U("20 amp duplex rec. white", 6, "boxes", "ELE-23003", "BX"),
    U("20A 125V dplx recpt ivory", 36, "each", "ELE-23004", "EA"),
    U("GFCI 20A wht TR", 24, "ea", "ELE-23005", "EA"),
    U("15 amp GFI receptacle white", 12, "ea", "ELE-23006", "EA"),
    U("SP switch 20A white", 65, "ea", "ELE-23007", "EA"),
    U("single pole toggle 15A wht", 30, "ea", "ELE-23008", "EA"),
    U("20A 3-way sw white", 18, "ea", "ELE-23009", "EA"),
    U("three way switch 20 amp wht", 2, "bx", "ELE-23009", "BX"),
    U("4-way switch 20A", 4, "ea", "ELE-23010", "EA"),
    U("1-gang duplex plate white nylon", 150, "ea", "ELE-23011", "EA"),
    U("single gang toggle plate wht", 4, "boxes", "ELE-23012", "BX"),
    U("2 gang switch plate white nylon", 20, "ea", "ELE-23013", "EA"),
    U("decora wallplate 1g wht", 60, "ea", "ELE-23014", "EA"),
    U("Hubbell recpt", 24, "ea", "ELE-23003", "EA", pn="HBL5362-WH"),
    U("switch", 12, "ea", "ELE-23007", "EA", pn="hbl1221w"),
    U("receptacle", 20, "ea", "ELE-23001", "EA", pn="5252W"),
    # boxes
    U('4" sq box 1-1/2 deep', 200, "ea", "ELE-24001", "EA"),
    U("4 sq x 2-1/8 dp box", 8, "bx", "ELE-24002", "BX"),
    U('4-11/16" sq box 2 1/8 deep', 40, "ea", "ELE-24003", "EA"),
    U("4 11/16 box 2-1/8d", 2, "BX", "ELE-24003", "BX"),
    U("handy box", 30, "ea", "ELE-24004", "EA"),
    U('4" octagon box', 25, "ea", "ELE-24005", "EA"),
    U('1G mud ring 1/2" raised 4 sq', 150, "ea", "ELE-24006", "EA"),
    U("single gang plaster ring 5/8", 3, "boxes", "ELE-24007", "BX"),
    U('4" square blank cover', 60, "pcs", "ELE-24008", "EA"),
    U("2G mud ring 4sq 1/2", 40, "ea", "ELE-24009", "EA"),
    U("12x12x6 pull box screw cover", 4, "ea", "ELE-24010", "EA"),
    # breakers
    U("20A 1P QO breaker", 42, "ea", "ELE-25001", "EA"),
    U("QO 1-pole 15 amp bkr", 12, "ea", "ELE-25002", "EA"),
    U("2P 30A QO", 4, "ea", "ELE-25003", "EA"),
    U("bkr", 6, "ea", "ELE-25003", "EA", pn="qo-230"),
    U("Homeline 20A single pole breaker", 30, "ea", "ELE-25004", "EA"),
    U("HOM 2-pole 30 amp", 2, "ea", "ELE-25005", "EA"),
    U("breaker 20a 1p", 10, "ea", "ELE-25004", "EA", pn="HOM-120"),
    # connectors, grounding
    U("yellow wire nuts", 5, "bx", "ELE-26001", "BX"),
    U("wirenut red", 300, "ea", "ELE-26002", "EA"),
    U("orange twist connectors", 2, "boxes", "ELE-26003", "BX"),
    U("Wago 2-port lever nut", 200, "ea", "ELE-26004", "EA"),
    U("lever nuts 3 conductor", 3, "bx", "ELE-26005", "BX"),
    U("wago", 100, "pcs", "ELE-26006", "EA", pn="221415"),
    U("lever connector", 2, "box", "ELE-26004", "BX", pn="221-412"),
    U("#2 split bolt", 12, "ea", "ELE-26007", "EA"),
    U("5/8\" x 8' ground rod", 3, "ea", "ELE-26008", "EA"),
    U("acorn clamp 5/8", 6, "ea", "ELE-26009", "EA"),
    U("#12 green ground pigtails w/ screw", 2, "bx", "ELE-26010", "BX"),
    # support
    U("1-5/8 unistrut 12 ga", 20, "ea", "ELE-27001", "EA"),
    U("P1000 strut", 120, "LF", "ELE-27001", "FT"),
    U("strut", 10, "ea", "ELE-27001", "EA", pn="p1000-10-pg"),
    U("shallow strut 13/16 14ga", 8, "ea", "ELE-27002", "EA"),
    U('3/8" all-thread', 400, "LF", "ELE-27003", "FT"),
    U("3/8 threaded rod 10ft", 25, "ea", "ELE-27003", "EA"),
    U('1/2" ATR', 200, "ft", "ELE-27004", "FT"),
    U("3/8 spring nuts", 2, "boxes", "ELE-27005", "BX"),
    U("beam clamp 3/8", 50, "ea", "ELE-27006", "EA"),
    U("3/8 hex nuts", 3, "bx", "ELE-27007", "BX"),
    U("3/8 fender washers", 400, "ea", "ELE-27008", "EA"),
    # ambiguous: the line does not say which twin
    A('1/2" EMT strap', 400, "ea", ["ELE-21012", "ELE-21014"]),
    A("3/4 EMT straps", 2, "bx", ["ELE-21013", "ELE-21015"]),
    A("3/4 emt connector", 100, "ea", ["ELE-21002", "ELE-21005"]),
    A("1/2 EMT coupling", 200, "ea", ["ELE-21007", "ELE-21009"]),
    A('EMT cplg 3/4"', 75, "ea", ["ELE-21008", "ELE-21010"]),
    A('1" EMT connectors', 50, "ea", ["ELE-21003", "ELE-21006"]),
    A("1/2 flex connector", 60, "ea", ["ELE-21041", "ELE-21042"]),
    A("#12 THHN", 3000, "LF", ["ELE-22003", "ELE-22004", "ELE-22005", "ELE-22006", "ELE-22007", "ELE-22008"]),
    A("12 AWG THHN stranded", 1500, "ft", ["ELE-22003", "ELE-22004", "ELE-22005", "ELE-22006", "ELE-22007"]),
    A("#10 THHN", 900, "LF", ["ELE-22009", "ELE-22010", "ELE-22011"]),
    A("4/0 XHHW", 400, "LF", ["ELE-22014", "ELE-22015"]),
    A("20A duplex receptacle", 60, "ea", ["ELE-23003", "ELE-23004"]),
    A("15A duplex recept", 40, "ea", ["ELE-23001", "ELE-23002"]),
    A("GFCI receptacle white", 10, "ea", ["ELE-23005", "ELE-23006"]),
    A("1 gang wall plate white", 50, "ea", ["ELE-23011", "ELE-23012", "ELE-23014"]),
    # absent: plausible, not carried (incl. near-miss sizes/colors, inactive-only items)
    X('2-1/2" EMT', 200, "LF"),
    X('3" EMT', 100, "LF"),
    X("1/2 rigid conduit", 100, "LF"),
    X("1-1/4 IMC", 50, "LF"),
    X("1-1/2 PVC sch 80 conduit", 40, "LF"),
    X("#12 THHN orange", 500, "ft"),
    X("#12 THHN yellow", 500, "ft"),
    X("#14 THHN red", 500, "ft"),
    X("12/2 NM-B romex", 250, "ft"),
    X("cat 6 plenum cable blue", 1000, "ft"),
    X("1/0 XHHW cu", 200, "LF"),
    X("20A duplex receptacle black", 10, "ea"),
    X("dimmer switch 600W", 4, "ea"),
    X("occupancy sensor ceiling mount", 6, "ea"),
    X("2x4 LED troffer", 20, "ea"),
    X("QO 1P 30A breaker", 2, "ea"),
    X("200A panelboard 42 ckt", 1, "ea"),
    X("1 gang duplex plate ivory", 30, "ea"),
    # review_uom: units nobody should guess
    R("3/4 EMT", 1, "LOT", "ELE-20102"),
    R("#12 THHN black str", 1, "lot", "ELE-22003"),
    R('1/2" EMT SS connectors', 1, "LS", "ELE-21001"),
    R("GFCI 20A white", 2, "ASSY", "ELE-23005"),
    R("12/2 MC", 1, "L.S.", "ELE-22021"),
    R("QO120", 1, "set", "ELE-25001"),
    R("EMT 1\" conn comp", 1, "ASSY", "ELE-21006"),
    R("4 sq box 2-1/8 deep w/ 1G ring", 40, "assy", "ELE-24002"),
    R("threaded rod 3/8", 1, "lot", "ELE-27003"),
    R("strut 1-5/8 12ga", 2, "bundles", "ELE-27001"),
    # review_uom: a real unit the product has no conversion for
    R('2" EMT 90', 1, "box", "ELE-21016"),
    R("#12 THHN red", 2, "coils", "ELE-22005"),
    R("20A duplex recept white", 2, "cases", "ELE-23003"),
    R("GFCI 15A white", 1, "bx", "ELE-23006"),
    R("#6 bare copper", 1, "spool", "ELE-22017"),
]

PLUMBING = [
    # copper tube
    U('1/2" type L hard copper', 400, "LF", "PLM-30101", "FT"),
    U("1/2 L cu", 10, "sticks", "PLM-30101", "STK"),
    U('3/4" Type L hard drawn', 15, "lengths", "PLM-30102", "STK"),
    U("copper pipe type L 3/4 hard", 260, "lf", "PLM-30102", "FT"),
    U('1" type-L copper', 180, "LF", "PLM-30103", "FT"),
    U("2 in. L copper tube", 6, "jts", "PLM-30104", "STK"),
    U("1/2 type M", 300, "ft", "PLM-30105", "FT"),
    U('1/2" M copper', 20, "sticks", "PLM-30105", "STK"),
    U("3/4 type M cu pipe", 45, "lengths", "PLM-30106", "STK"),
    U('1" M copper tube', 90, "L.F.", "PLM-30107", "FT"),
    U("3/4 K hard", 60, "LF", "PLM-30108", "FT"),
    U('1" type K hard copper', 3, "sticks", "PLM-30109", "STK"),
    U("3/4 type L soft coil", 2, "coils", "PLM-30110", "COIL"),
    U('1" K soft', 150, "ft", "PLM-30111", "FT"),
    U("type K soft copper 1 inch", 1, "coil", "PLM-30111", "COIL"),
    U('½" type L hard cu - domestic water', 220, "LF", "PLM-30101", "FT"),
    # copper fittings
    U('1/2" cu 90', 120, "ea", "PLM-31001", "EA"),
    U("1/2 wrot 90 CxC", 5, "bags", "PLM-31001", "BG"),
    U("3/4 copper 90 ell", 80, "ea", "PLM-31002", "EA"),
    U('90 ELL 3/4" C X C', 3, "bg", "PLM-31002", "BG"),
    U('1" sweat 90', 24, "ea", "PLM-31003", "EA"),
    U('1/2" 45 copper', 30, "ea", "PLM-31004", "EA"),
    U("3/4 cu 45 ell", 2, "bags", "PLM-31005", "BG"),
    U("1/2 coupling w/ stop copper", 100, "ea", "PLM-31006", "EA"),
    U('3/4" cu cplg', 60, "ea", "PLM-31007", "EA"),
    U("1/2 copper tee", 45, "ea", "PLM-31008", "EA"),
    U("3/4 cu tee sweat", 4, "bags", "PLM-31009", "BG"),
    U("red tee 3/4x3/4x1/2 cu", 12, "ea", "PLM-31013", "EA"),
    U("3/4 MA copper", 16, "ea", "PLM-31010", "EA"),
    U('1/2" CxFIP female adapter', 20, "ea", "PLM-31011", "EA"),
    U("1/2 cu cap", 3, "bags", "PLM-31012", "BG"),
    U("elbow", 40, "ea", "PLM-31002", "EA", pn="607 3/4"),
    # DWV
    U('1-1/2" PVC DWV', 80, "LF", "PLM-32001", "FT"),
    U("2 in pvc dwv sch 40", 14, "lengths", "PLM-32002", "STK"),
    U('3" PVC DWV solid core', 200, "LF", "PLM-32003", "FT"),
    U('3" foam core PVC', 5, "jts", "PLM-32004", "STK"),
    U("3 inch cellular core DWV pvc", 120, "ft", "PLM-32004", "FT"),
    U('4" PVC DWV', 300, "LF", "PLM-32005", "FT"),
    U('4" sch40 DWV pipe', 10, "sticks", "PLM-32005", "STK"),
    U('2" ABS DWV pipe', 60, "lf", "PLM-32006", "FT"),
    U("ABS DWV 3in", 4, "lengths", "PLM-32007", "STK"),
    U('2" PVC 1/4 bend', 30, "ea", "PLM-32101", "EA"),
    U('3" LS 1/4 bend PVC', 12, "ea", "PLM-32103", "EA"),
    U('3" long sweep 90 DWV', 8, "ea", "PLM-32103", "EA"),
    U('2" PVC santee', 25, "ea", "PLM-32104", "EA"),
    U('3" san tee PVC DWV', 10, "ea", "PLM-32105", "EA"),
    U('PVC wye 3"', 8, "ea", "PLM-32106", "EA"),
    U('4" DWV wye', 6, "ea", "PLM-32107", "EA"),
    U('3" cleanout adapter w/ plug', 6, "ea", "PLM-32108", "EA"),
    U('1 1/2" P-trap PVC', 20, "ea", "PLM-32109", "EA"),
    U('2" ABS san tee', 6, "ea", "PLM-32110", "EA"),
    U("2 in DWV cplg", 40, "ea", "PLM-32111", "EA"),
    U('2" 1/8 bend', 18, "ea", "PLM-32112", "EA"),
    U('2" 45 PVC DWV', 10, "ea", "PLM-32112", "EA"),
    U("purple primer 16oz", 12, "ea", "PLM-32113", "EA"),
    U("PVC clear cement 16 oz", 1, "case", "PLM-32114", "CS"),
    # PEX
    U('1/2" PEX red', 500, "ft", "PLM-33001", "FT"),
    U("1/2 PEX-B blue", 3, "coils", "PLM-33002", "COIL"),
    U("3/4 PEX red", 200, "LF", "PLM-33003", "FT"),
    U('3/4" PEX blue', 2, "coils", "PLM-33004", "COIL"),
    U("1/2 PEX hot (red)", 100, "LF", "PLM-33001", "FT"),
    U('1/2" PEX-A white', 1, "coil", "PLM-33005", "COIL"),
    U("1/2 pex crimp rings", 2, "bags", "PLM-33006", "BG"),
    U("3/4 crimp rings copper", 150, "ea", "PLM-33007", "EA"),
    U("1/2 PEX 90 brass crimp", 40, "ea", "PLM-33008", "EA"),
    U('1/2" ProPEX expansion ring', 100, "ea", "PLM-33009", "EA"),
    U("1/2 PEX tee crimp", 2, "bags", "PLM-33010", "BG"),
    U('1/2" cinch clamps SS', 1, "bag", "PLM-33011", "BG"),
    # valves
    U('1/2" ball valve sweat FP', 24, "ea", "PLM-34001", "EA"),
    U("1/2 BV swt", 10, "ea", "PLM-34001", "EA"),
    U("3/4 full port ball valve sweat", 16, "ea", "PLM-34002", "EA"),
    U('3/4" BV threaded FNPT', 8, "ea", "PLM-34003", "EA"),
    U('1" sweat ball valve', 6, "ea", "PLM-34004", "EA"),
    U('2" bronze gate valve thd', 2, "ea", "PLM-34005", "EA"),
    U("3/4 swing check sweat", 4, "ea", "PLM-34006", "EA"),
    U('frost free sillcock 8"', 6, "ea", "PLM-34007", "EA"),
    U('3/4" PRV', 2, "ea", "PLM-34008", "EA"),
    U("ball valve", 4, "ea", "PLM-34002", "EA", pn="PLM-34002"),
    U("Apollo BV", 6, "ea", "PLM-34004", "EA", pn="77clf105"),
    # no-hub
    U('2" no-hub coupling', 30, "ea", "PLM-35001", "EA"),
    U('3" NH coupling standard', 20, "ea", "PLM-35002", "EA"),
    U("4 in no hub band std", 24, "ea", "PLM-35003", "EA"),
    U('4" heavy duty no-hub cplg', 12, "ea", "PLM-35004", "EA"),
    U('3" HD NH coupling', 10, "ea", "PLM-35005", "EA"),
    U('4" CI no hub pipe', 120, "LF", "PLM-35006", "FT"),
    U('3" cast iron NH', 6, "lengths", "PLM-35007", "STK"),
    # hangers
    U('1/2" clevis', 40, "ea", "PLM-36001", "EA"),
    U("2 in adjustable clevis hanger", 20, "ea", "PLM-36003", "EA"),
    U('4" clevis hanger', 15, "ea", "PLM-36004", "EA"),
    U("3/4 copper plated clevis", 35, "ea", "PLM-36005", "EA"),
    U("1/2 split ring hanger", 50, "ea", "PLM-36006", "EA"),
    U('1/2" copper tube strap', 2, "bx", "PLM-36007", "BX"),
    U("3/4 J-hook", 60, "ea", "PLM-36008", "EA"),
    U('2" riser clamp', 8, "ea", "PLM-36009", "EA"),
    U("riser clamp 4in", 4, "ea", "PLM-36010", "EA"),
    # ambiguous
    A('3/4" type L copper', 200, "LF", ["PLM-30102", "PLM-30110"]),
    A("3/4 copper pipe", 300, "LF", ["PLM-30102", "PLM-30106", "PLM-30108", "PLM-30110"]),
    A('1" copper tube', 100, "LF", ["PLM-30103", "PLM-30107", "PLM-30109", "PLM-30111"]),
    A('3" PVC DWV pipe', 100, "LF", ["PLM-32003", "PLM-32004"]),
    A('3" DWV 90', 6, "ea", ["PLM-32102", "PLM-32103"]),
    A("1/2 PEX", 500, "ft", ["PLM-33001", "PLM-33002", "PLM-33005"]),
    A('3/4" PEX tubing', 200, "LF", ["PLM-33003", "PLM-33004"]),
    A("3/4 ball valve", 12, "ea", ["PLM-34002", "PLM-34003"]),
    A('4" no hub coupling', 20, "ea", ["PLM-35003", "PLM-35004"]),
    A("3/4 clevis hanger", 30, "ea", ["PLM-36002", "PLM-36005"]),
    # absent
    X("1/2 type K hard copper", 40, "LF"),
    X('1-1/2" type L copper', 100, "LF"),
    X("1/2 copper street 90", 20, "ea"),
    X('6" PVC DWV', 60, "LF"),
    X('4" ABS DWV pipe', 40, "LF"),
    X('1" PEX red', 100, "ft"),
    X("1/2 sweat ball valve standard port", 5, "ea"),
    X("water heater 50 gal gas", 1, "ea"),
    X("wall hung water closet", 4, "ea"),
    X('6" no-hub coupling', 8, "ea"),
    X("3/4 PEX-A white", 300, "ft"),
    X('1" ball valve threaded', 4, "ea"),
    X("1/2 PEX crimp 90 poly", 20, "ea"),
    # review_uom: units nobody should guess
    R("3/4 type L hard copper", 1, "job", "PLM-30102"),
    R('PVC 2" DWV santee', 1, "allow", "PLM-32104"),
    R("1/2 PEX red", 1, "LOT", "PLM-33001"),
    R("4\" no hub std", 1, "lot", "PLM-35003"),
    R("copper fittings 3/4 (allowance)", 1, "LS", "PLM-31002"),
    R("3/4 ball valve sweat FP", 1, "ASSY", "PLM-34002"),
    # review_uom: real unit, no conversion for that product
    R('1" copper sweat 90', 2, "boxes", "PLM-31003"),
    R("3/4 PEX red", 200, "SF", "PLM-33003"),
    R("1/2 cu 90", 2, "cases", "PLM-31001"),
    R('4" no hub HD', 1, "box", "PLM-35004"),
    R("3/4 swing check", 1, "case", "PLM-34006"),
]

DRYWALL = [
    # board
    U('1/2" reg GWB 4x8', 200, "sheets", "DRW-40001", "EA"),
    U("1/2 regular drywall 4'x8'", 6400, "SF", "DRW-40001", "SF"),
    U("GYP BD 1/2 REG 4X12", 120, "ea", "DRW-40002", "EA"),
    U("1/2\" regular 48\" x 12'", 4800, "sq ft", "DRW-40002", "SF"),
    U("5/8 type X 4x8", 150, "shts", "DRW-40003", "EA"),
    U("5/8\" X GWB 4'x8'", 3200, "SF", "DRW-40003", "SF"),
    U("5/8 firecode 4x10", 80, "ea", "DRW-40004", "EA"),
    U('5/8" FC X 4 x 10', 2000, "sqft", "DRW-40004", "SF"),
    U("5/8 type-X 4x12 board", 300, "pcs", "DRW-40005", "EA"),
    U("5/8 X 48x144 gyp", 9600, "S.F.", "DRW-40005", "SF"),
    U('1/2" MR board 4x8', 40, "sheets", "DRW-40006", "EA"),
    U("1/2 mold resistant gyp 4x8", 1280, "sq. ft.", "DRW-40006", "SF"),
    U('1/4" flex board 4x8', 10, "ea", "DRW-40008", "EA"),
    U("1/2 durock 3x5", 45, "ea", "DRW-40009", "EA"),
    U("cement backer board 1/2\" 3'x5'", 600, "SF", "DRW-40009", "SF"),
    U('1" shaftliner', 80, "ea", "DRW-40010", "EA"),
    U("5/8 type X 4x12 (typ. corridor walls)", "2,400", "SF", "DRW-40005", "SF"),
    U("wallboard", 60, "ea", "DRW-40003", "EA", pn="ct58x48"),
    # studs / track
    U("3-5/8\" 25ga studs 10'", 400, "ea", "DRW-41001", "EA"),
    U("362S125-18 10ft", 250, "pcs", "DRW-41001", "EA"),
    U("3 5/8 20 ga stud 10 ft", 180, "ea", "DRW-41002", "EA"),
    U("362S162-33 @ 10'", 120, "ea", "DRW-41002", "EA"),
    U("3-5/8 20ga stud 12'", 90, "ea", "DRW-41003", "EA"),
    U('3.625" 20 gauge studs x 12ft', 600, "LF", "DRW-41003", "FT"),
    U("6\" 20ga stud 10'", 75, "ea", "DRW-41004", "EA"),
    U("600S162-43 10'", 40, "ea", "DRW-41005", "EA"),
    U("6 in 18 ga studs", 300, "lf", "DRW-41005", "FT"),
    U('2 1/2" 25 gauge stud', 160, "ea", "DRW-41006", "EA"),
    U("3-5/8 track 25ga", "1,200", "LF", "DRW-41007", "FT"),
    U("362T125-18 track 10'", 60, "ea", "DRW-41007", "EA"),
    U('3 5/8" 20ga runner', 40, "ea", "DRW-41008", "EA"),
    U('6" track 20 ga', 500, "LF", "DRW-41009", "FT"),
    U("7/8 hat channel", 100, "ea", "DRW-41011", "EA"),
    U('furring channel 7/8"', 1200, "LF", "DRW-41011", "FT"),
    U("1-1/2 CRC 16ga", 30, "ea", "DRW-41012", "EA"),
    U("stud 3 5/8 25 ga", 300, "ea", "DRW-41001", "EA", pn="362S125-18-10"),
    # screws
    U("#6 x 1-1/4 fine thread DW screws", 10, "M", "DRW-42001", "M"),
    U('1-1/4" fine drywall screws', 4, "boxes", "DRW-42001", "BX"),
    U("DW screw 1-1/4 coarse", 2, "bx", "DRW-42002", "BX"),
    U("#6x1-5/8 coarse drywall screw", 3, "bx", "DRW-42003", "BX"),
    U('1-5/8" fine DW screws', 5000, "ea", "DRW-42004", "EA"),
    U("#8 x 1/2 pan head self drilling framing screw", 4, "boxes", "DRW-42005", "BX"),
    U("wafer head 8x1/2 sharp pt", 2, "bx", "DRW-42006", "BX"),
    U("#10 x 3/4 tek screws hex washer", 2, "bx", "DRW-42007", "BX"),
    # anchors
    U("3/8 x 3 wedge anchor", 100, "ea", "DRW-43001", "EA"),
    U('1/2" x 4-1/4" wedge anchors', 2, "bx", "DRW-43002", "BX"),
    U("#8 plastic anchors", 3, "boxes", "DRW-43003", "BX"),
    U('1/4" toggle bolts 3 in', 50, "ea", "DRW-43004", "EA"),
    U("3/8 drop in anchor", 2, "bx", "DRW-43005", "BX"),
    U("1/4 x 1-3/4 tapcon", 200, "ea", "DRW-43006", "EA"),
    U('3/16" tapcons 1 3/4', 1, "bx", "DRW-43007", "BX"),
    U("PAF pins 1-1/4 w/ washer", 5, "boxes", "DRW-43008", "BX"),
    U(".27 cal yellow loads", 5, "bx", "DRW-43009", "BX"),
    # trim, mud, tape, sealant
    U("metal corner bead 10'", 100, "ea", "DRW-44002", "EA"),
    U("8 ft metal cornerbead", 1, "case", "DRW-44001", "CS"),
    U("vinyl bullnose bead 8'", 40, "ea", "DRW-44003", "EA"),
    U('1/2" J bead 10ft', 60, "ea", "DRW-44004", "EA"),
    U("5/8 L-bead", 80, "ea", "DRW-44005", "EA"),
    U("lightweight AP mud 4.5 gal", 15, "ea", "DRW-45002", "EA"),
    U("AP joint compound", 20, "ea", "DRW-45001", "EA", pn="380-270"),
    U("45 min hot mud", 20, "bags", "DRW-45003", "BG"),
    U("setting compound 90 minute 18 lb", 10, "bg", "DRW-45004", "BG"),
    U("20 min setting type", 8, "bags", "DRW-45005", "BG"),
    U("topping compound 4.5 gal", 12, "ea", "DRW-45006", "EA"),
    U("paper tape 250'", 24, "rolls", "DRW-46001", "RL"),
    U("joint tape 500 ft", 2, "cases", "DRW-46002", "CS"),
    U("2\" x 300' mesh tape", 12, "rl", "DRW-46003", "RL"),
    U("fiberglass mesh tape 150ft", 10, "rolls", "DRW-46004", "RL"),
    U("acoustical sealant 28oz", 24, "tubes", "DRW-47001", "EA"),
    U("acoustic caulk 28 oz", 2, "cases", "DRW-47001", "CS"),
    U("red firestop sealant 10.1oz", 36, "ea", "DRW-47002", "EA"),
    # ambiguous
    A('1/2" drywall 4x8', 100, "sheets", ["DRW-40001", "DRW-40006"]),
    A("5/8 type X drywall", 200, "ea", ["DRW-40003", "DRW-40004", "DRW-40005"]),
    A('3-5/8" 20 ga studs', 100, "ea", ["DRW-41002", "DRW-41003"]),
    A("3 5/8 studs 10'", 200, "ea", ["DRW-41001", "DRW-41002"]),
    A("3-5/8 track", 300, "LF", ["DRW-41007", "DRW-41008"]),
    A('#8 x 1/2" framing screws', 2, "boxes", ["DRW-42005", "DRW-42006"]),
    A("1-1/4 drywall screws", 3, "boxes", ["DRW-42001", "DRW-42002"]),
    A("all purpose joint compound 4.5 gal", 10, "ea", ["DRW-45001", "DRW-45002"]),
    A("mesh tape", 12, "rolls", ["DRW-46003", "DRW-46004"]),
    A("8' corner bead", 50, "ea", ["DRW-44001", "DRW-44003"]),
    A("tapcon 1-3/4", 100, "ea", ["DRW-43006", "DRW-43007"]),
    A("wedge anchors", 100, "ea", ["DRW-43001", "DRW-43002"]),
    # absent
    X("5/8 type X 4x14", 20, "ea"),
    X("3/8\" drywall 4x8", 10, "ea"),
    X("3-5/8\" 18ga stud 10'", 50, "ea"),
    X('1" fine thread drywall screws', 2, "boxes"),
    X("R-13 batt insulation 3-1/2", 800, "SF"),
    X("fire rated access panel 12x12", 3, "ea"),
    X("drywall primer 5 gal", 4, "ea"),
    X('1/4" wedge anchor', 100, "ea"),
    X("1/2 reg 4x10 gyp", 40, "ea"),
    X("5/8 abuse resistant type X 4x8", 30, "ea"),
    X("8\" 16ga stud 10'", 20, "ea"),
    # review_uom: units nobody should guess
    R("5/8 X 4x12", 3, "pallet", "DRW-40005"),
    R("1/2 reg 4x8 GWB", 1, "pallets", "DRW-40001"),
    R("3-5/8 25ga stud 10ft", 2, "bundles", "DRW-41001"),
    R("wedge anchors 3/8x3", 1, "kit", "DRW-43001"),
    R("hot mud 45", 1, "pallet", "DRW-45003"),
    R("Type X 5/8 4x10", 1, "LS", "DRW-40004"),
    # review_uom: real unit, no conversion for that product
    R("paper tape 250'", 3000, "LF", "DRW-46001"),
    R("metal corner bead 10ft", 400, "LF", "DRW-44002"),
    R("vinyl bullnose 8'", 2, "cases", "DRW-44003"),
]

# ---------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------
CAT_COLUMNS = ["sku", "description", "category", "manufacturer", "manufacturer_part_number", "uom",
               "uom_conversions", "unit_cost", "reorder_point", "active"]
LINE_COLUMNS = ["line_id", "takeoff_id", "project_id", "area", "phase", "description", "quantity", "uom",
                "part_number"]


def factors(row) -> dict[str, float]:
    out = {row["uom"]: 1.0}
    for part in filter(None, row["uom_conversions"].split(";")):
        code, value = part.split(":")
        out[code] = float(value)
    return out


def main() -> None:
    catalog = []
    for i, entry in enumerate(CATALOG):
        sku, desc, cat, mfr, mpn, uom, conv, cost, *rest = entry
        active = rest[0] if rest else True
        catalog.append(dict(sku=sku, description=desc, category=cat, manufacturer=mfr,
                            manufacturer_part_number=mpn, uom=uom, uom_conversions=conv,
                            unit_cost=cost, reorder_point=(0, 10, 25, 50, 100)[i % 5],
                            active="true" if active else "false"))
    by_sku = {row["sku"]: row for row in catalog}
    assert len(by_sku) == len(catalog), "duplicate sku"

    takeoffs = [
        ("TK-E401", "JOB-7731", ELECTRICAL[::2], ["Bldg A L1", "Bldg A L2", "Elec Rm 104", "Parking P1"],
         ["Rough", "UG", "Trim"]),
        ("TK-E402", "JOB-7745", ELECTRICAL[1::2], ["Unit 2xx", "Corridor", "Roof", "Site"], ["Rough", "Feeders", "Trim"]),
        ("TK-P310", "JOB-7731", PLUMBING, ["Core 1", "Mech Mezz", "Unit 3xx", "Below slab"], ["Underground", "Top-out", "Finish"]),
        ("TK-D220", "JOB-7745", DRYWALL, ["Level 2", "Level 3", "Stair 1", "Amenity"], ["Framing", "Board", "Tape/Finish"]),
    ]
    rng = random.Random(20240611)
    lines, truth = [], []
    n = 0
    for takeoff_id, project, items, areas, phases in takeoffs:
        items = list(items)
        rng.shuffle(items)
        for item in items:
            n += 1
            line_id = f"CH-{n:04d}"
            lines.append(dict(line_id=line_id, takeoff_id=takeoff_id, project_id=project,
                              area=rng.choice(areas), phase=rng.choice(phases), description=item["desc"],
                              quantity=str(item["qty"]), uom=item["uom"], part_number=item["pn"]))
            status, skus = item["status"], item["skus"]
            for sku in skus:
                assert sku in by_sku, (line_id, sku)
            if status == "unique":
                product = by_sku[skus[0]]
                assert product["active"] == "true", (line_id, "inactive truth sku")
                f = factors(product)
                assert item["code"] in f, (line_id, item["code"], product["uom_conversions"])
                qty = float(str(item["qty"]).replace(",", ""))
                stock = round(qty * f[item["code"]], 6)
                truth.append(dict(line_id=line_id, status="unique", sku=skus[0], stock_quantity=repr(stock)))
            elif status == "ambiguous":
                assert len(skus) >= 2 and all(by_sku[s]["active"] == "true" for s in skus), line_id
                truth.append(dict(line_id=line_id, status="ambiguous", sku="|".join(skus), stock_quantity=""))
            elif status == "absent":
                truth.append(dict(line_id=line_id, status="absent", sku="", stock_quantity=""))
            else:
                truth.append(dict(line_id=line_id, status="review_uom", sku="", stock_quantity=""))

    with open(HERE / "catalog.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, CAT_COLUMNS)
        w.writeheader()
        w.writerows(catalog)
    with open(HERE / "takeoff_lines.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, LINE_COLUMNS)
        w.writeheader()
        w.writerows(lines)
    with open(HERE / "truth.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, ["line_id", "status", "sku", "stock_quantity"])
        w.writeheader()
        w.writerows(truth)

    from collections import Counter
    print(f"catalog: {len(catalog)} rows ({sum(r['active'] == 'false' for r in catalog)} inactive)")
    print(f"lines: {len(lines)}", dict(Counter(t["status"] for t in truth)))


if __name__ == "__main__":
    main()
