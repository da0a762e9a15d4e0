# Generates N rows of a police-extract-like CSV (';', decimal comma, Swedish columns, SWEREF 99 TM)
# with a fixed seed: awk -v n=1000000 -f gen_ingest.awk > rows.csv
BEGIN {
    srand(20240301);
    split("0856 0301 1201 0803 0820 5010 0866 0401 1608 0396", codes, " ");
    split("Stöld ur motorfordon;Misshandel;Skadegörelse;Stöld;Inbrott;Narkotikabrott;Cykelstöld;Olaga hot;Fylleri;Misshandel, grov", names, ";");
    print "Diarienummer;Brottskod;Brottsbenämning;Händelsedatum från;Händelsetid från;Händelsedatum till;Händelsetid till;Kommun;Gatuadress;X-koordinat;Y-koordinat";
    for (i = 1; i <= n; i++) {
        k = int(rand() * 10) + 1;
        d = int(rand() * 365);
        mo = int(d / 31) + 1; dd = d % 28 + 1;
        h = int(rand() * 24); mi = int(rand() * 60);
        h2 = (h + 2) % 24;
        x = 340000 + rand() * 20000; y = 6470000 + rand() * 20000;
        xs = sprintf("%.2f", x); sub(/\./, ",", xs);
        ys = sprintf("%.2f", y); sub(/\./, ",", ys);
        printf "5000-K%d-24;%s;%s;2024-%02d-%02d;%02d%02d;;%02d:%02d;1487;Storgatan %d;%s;%s\n", i, codes[k], names[k], mo, dd, h, mi, h2, mi, i % 97 + 1, xs, ys;
    }
}
